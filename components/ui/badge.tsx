import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

const tones: Record<Tone, string> = {
  ok: 'bg-ok-bg text-ok',
  warn: 'bg-warn-bg text-warn',
  bad: 'bg-bad-bg text-bad',
  info: 'bg-info-bg text-info',
  neutral: 'bg-neutral-bg text-muted',
};

/** Which colour a status key reads as. */
const toneOfKey: Record<string, Tone> = {
  paid: 'ok',
  invoiced: 'ok',
  succeeded: 'ok',
  'awaiting-payment': 'warn',
  refunding: 'warn',
  invoicing: 'warn',
  'in-progress': 'warn',
  frozen: 'warn',
  'not-frozen': 'ok',
  'partly-refunded': 'warn',
  unpaid: 'warn',
  refunded: 'info',
  'refund-failed': 'bad',
  'invoice-failed': 'bad',
  failed: 'bad',
};

export function toneOf(key: string): Tone {
  return toneOfKey[key] ?? 'neutral';
}

export function Badge({ tone, children, testId, title }: { tone: Tone; children: ReactNode; testId?: string; title?: string | null }) {
  return (
    <span data-testid={testId} title={title ?? undefined} className={`inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ${tones[tone]}`}>
      {children}
    </span>
  );
}
