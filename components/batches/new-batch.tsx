'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { BatchKindChoice, BatchPreview } from '@/lib/api/contract';
import { batchPagePath } from '@/lib/query/batches';
import { useEarlyInput } from '@/components/ui/use-early-input';
import { useNewBatch } from './use-batch';

type Source = { mode: 'paste'; text: string } | { mode: 'file'; file: File | null };

/** The body of `POST /api/batches`: JSON for pasted ids, a form for a file. */
function requestBody(source: Source, kind: BatchKindChoice, shop: string): RequestInit {
  if (source.mode === 'paste') {
    return { method: 'POST', body: JSON.stringify({ text: source.text, kind, ...(shop ? { shop } : {}) }) };
  }
  const form = new FormData();
  if (source.file) form.set('file', source.file);
  form.set('kind', kind);
  if (shop) form.set('shop', shop);
  return { method: 'POST', body: form };
}

/** Paste or upload, preview (nothing runs yet), then start. */
/** `shops`: the shops configured; with more than one, a picker for the shop of rows that name none. */
export function NewBatch({ shops }: { shops: { id: string; name: string }[] }) {
  const t = useTranslations('batches');
  const zh = useLocale() === 'zh-CN';
  const router = useRouter();
  const ids = useId();
  const [mode, setMode] = useState<'paste' | 'file'>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<BatchKindChoice>('auto');
  const [shop, setShop] = useState(shops[0]?.id ?? '');
  const formRef = useEarlyInput({ ids: setText, kind: (value) => setKind(value as BatchKindChoice), shop: setShop });
  const source: Source = mode === 'paste' ? { mode, text } : { mode, file };
  const ready = mode === 'paste' ? text.trim() !== '' : file !== null;

  const { preview, start } = useNewBatch(
    () => requestBody(source, kind, shops.length > 1 ? shop : ''),
    ({ batch }) => router.push(batchPagePath(batch.id)),
  );
  const changed = () => {
    preview.reset();
    start.reset();
  };
  const error = start.error ?? preview.error;
  const tab = (which: 'paste' | 'file') =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${mode === which ? 'bg-accent text-accent-fg' : 'text-muted hover:bg-surface-2'}`;
  const field = 'w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg';

  return (
    <form
      ref={formRef}
      className="space-y-4"
      aria-labelledby={`${ids}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (preview.data && preview.data.ids > 0) start.mutate();
        else preview.mutate();
      }}
    >
      <h2 id={`${ids}-title`} className="text-base font-semibold">
        {t('new')}
      </h2>
      <div role="tablist" aria-label={t('new')} className="inline-flex gap-1 rounded-lg border border-border p-1">
        <button type="button" role="tab" aria-selected={mode === 'paste'} className={tab('paste')} onClick={() => (setMode('paste'), changed())}>
          {t('paste')}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'file'} className={tab('file')} onClick={() => (setMode('file'), changed())}>
          {t('upload')}
        </button>
      </div>
      {mode === 'paste' ? (
        <label className="block space-y-1 text-sm font-medium">
          <span>{t('pasteLabel')}</span>
          <textarea
            name="ids"
            rows={8}
            value={text}
            placeholder={t('pastePlaceholder')}
            onChange={(e) => (setText(e.target.value), changed())}
            className={`${field} font-mono`}
            spellCheck={false}
            data-testid="batch-paste"
          />
        </label>
      ) : (
        <label className="block space-y-1 text-sm font-medium">
          <span>{t('fileLabel')}</span>
          <input
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => (setFile(e.target.files?.[0] ?? null), changed())}
            className={`${field} file:mr-3 file:rounded file:border-0 file:bg-surface-2 file:px-3 file:py-1 file:text-fg`}
            data-testid="batch-file"
          />
          <span className="block text-xs font-normal text-muted">{t('fileHint')}</span>
        </label>
      )}
      <label className="block max-w-xs space-y-1 text-sm font-medium">
        <span>{t('kind')}</span>
        <select name="kind" value={kind} onChange={(e) => (setKind(e.target.value as BatchKindChoice), changed())} className={field} data-testid="batch-kind">
          <option value="auto">{t('kindAuto')}</option>
          <option value="service-provider">{t('kindServiceProvider')}</option>
          <option value="shop">{t('kindShop')}</option>
        </select>
      </label>
      {shops.length > 1 && (
        <label className="block max-w-xs space-y-1 text-sm font-medium">
          <span>{t('shop')}</span>
          <select name="shop" value={shop} onChange={(e) => (setShop(e.target.value), changed())} disabled={kind === 'service-provider'} className={field} data-testid="batch-shop">
            {shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <span className="block text-xs font-normal text-muted">{t('shopHint')}</span>
        </label>
      )}

      {preview.data && <PreviewPanel preview={preview.data} zh={zh} />}
      {error && (
        <p role="alert" className="rounded-lg border border-bad/40 bg-bad-bg p-3 text-sm" data-testid="batch-error">
          {error.body ? (zh ? `${error.body.zh.message} ${error.body.zh.action}` : `${error.body.message} ${error.body.action}`) : error.message}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={!ready || preview.isPending}
          onClick={() => preview.mutate()}
          className="rounded-lg border border-border px-4 py-2 text-sm font-medium text-fg hover:bg-surface-2 disabled:opacity-50"
          data-testid="batch-preview"
        >
          {preview.isPending ? t('checking') : t('preview')}
        </button>
        <button
          type="button"
          disabled={!preview.data || preview.data.ids === 0 || start.isPending || start.isSuccess}
          onClick={() => start.mutate()}
          className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg disabled:opacity-50"
          data-testid="batch-start"
        >
          {start.isPending || start.isSuccess ? t('starting') : t('start')}
        </button>
      </div>
    </form>
  );
}

function PreviewPanel({ preview, zh }: { preview: BatchPreview; zh: boolean }) {
  const t = useTranslations('batches');
  return (
    <section aria-label={t('previewTitle')} className="space-y-2 rounded-lg border border-border bg-surface-2 p-3 text-sm" data-testid="batch-preview-result">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        <li className="font-semibold" data-testid="preview-ids">
          {t('previewIds', { count: preview.ids })}
        </li>
        <li data-testid="preview-duplicates">{t('previewDuplicates', { count: preview.duplicates })}</li>
        <li className={preview.invalid.length ? 'text-bad' : ''} data-testid="preview-invalid">
          {t('previewInvalid', { count: preview.invalid.length })}
        </li>
      </ul>
      {preview.sheet !== undefined && <p data-testid="preview-sheet">{t('previewSheet', { sheet: preview.sheet })}</p>}
      {preview.ids === 0 && <p className="text-bad">{t('nothingToRun')}</p>}
      {preview.invalid.length > 0 && (
        <div className="max-h-60 overflow-auto rounded border border-border bg-surface" tabIndex={0} role="region" aria-label={t('previewInvalid', { count: preview.invalid.length })}>
          <table className="w-full text-left text-xs">
            <thead className="sticky top-0 bg-surface-2 text-muted">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">{t('invalidRow')}</th>
                <th scope="col" className="px-2 py-1 font-medium">{t('invalidId')}</th>
                <th scope="col" className="px-2 py-1 font-medium">{t('invalidReason')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {preview.invalid.map((item) => (
                <tr key={`${item.row}:${item.raw}`}>
                  <td className="px-2 py-1 font-mono">{item.row}</td>
                  <td className="break-all px-2 py-1 font-mono">{item.raw}</td>
                  <td className="px-2 py-1">{zh ? item.reason.zh : item.reason.en}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
