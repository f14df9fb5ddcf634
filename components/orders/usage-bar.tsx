'use client';

import { useTranslations } from 'next-intl';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import { groupDigits } from '@/lib/orders/money';

/** used / all, exact for 64-bit counts; amber from 80 %, red from 95 %. */
export function UsageBar({ usage }: { usage: NonNullable<ServiceProviderOrder['usage']> }) {
  const t = useTranslations('sp');
  const percent = usage.percent === null ? null : Number(usage.percent);
  const colour = percent === null ? 'bg-muted' : percent >= 95 ? 'bg-bad' : percent >= 80 ? 'bg-warn' : 'bg-accent';
  const label = t('usageOf', { used: groupDigits(usage.used), all: groupDigits(usage.all) });
  return (
    <div className="space-y-2" data-testid="usage">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-mono">{label}</span>
        <span className="text-lg font-semibold" data-testid="usage-percent">
          {usage.percent === null ? '—' : `${usage.percent}%`}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? 0}
        aria-valuetext={usage.percent === null ? t('usageNoTotal') : `${usage.percent}%`}
        className="h-3 w-full overflow-hidden rounded-full bg-surface-2"
      >
        <div className={`h-full rounded-full ${colour}`} style={{ width: `${Math.min(100, percent ?? 0)}%` }} />
      </div>
      <p className="text-sm text-muted">{usage.percent === null ? t('usageNoTotal') : t('usageRemaining', { remaining: groupDigits(usage.remaining) })}</p>
    </div>
  );
}
