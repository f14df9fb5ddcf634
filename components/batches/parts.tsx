'use client';

import { useTranslations } from 'next-intl';
import { Badge, type Tone } from '@/components/ui/badge';
import type { BatchOrigin, BatchStatus } from '@/lib/api/contract';

const statusTone: Record<BatchStatus, Tone> = { queued: 'neutral', running: 'info', paused: 'warn', done: 'ok', cancelled: 'neutral' };

export function StatusBadge({ status }: { status: BatchStatus }) {
  const t = useTranslations('batches');
  return (
    <Badge tone={statusTone[status]} testId="batch-status">
      {t(`status_${status}`)}
    </Badge>
  );
}

/** What a batch is called, in the reader's language: the file's name for an upload, else its origin's name. */
export function BatchTitle({ batch }: { batch: { origin: BatchOrigin; source: string } }) {
  const t = useTranslations('batches');
  return batch.origin === 'file' ? batch.source : t(batch.origin === 'recheck' ? 'sourceRecheck' : 'sourcePaste');
}

/** done / total as a bar, with the figures in words for screen readers and people alike. */
export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={label}
        className="h-2.5 w-full overflow-hidden rounded-full bg-surface-2"
        data-testid="batch-progress"
      >
        <div className="h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-muted" data-testid="batch-progress-text">
        {label} · {percent}%
      </p>
    </div>
  );
}
