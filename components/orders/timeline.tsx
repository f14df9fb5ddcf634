'use client';

import { useTranslations } from 'next-intl';
import type { TimelineEvent } from '@/lib/orders/timeline';
import { Badge, toneOf } from '../ui/badge';
import { outcomeOf } from '@/lib/orders/labels';
import type { Display } from './use-display';

/** The order's life in time order; events still ahead are marked upcoming. */
export function Timeline({ events, display }: { events: TimelineEvent[]; display: Display }) {
  const t = useTranslations('timeline');
  return (
    <ol className="relative space-y-4 border-l-2 border-border pl-5" data-testid="timeline">
      {events.map((event, index) => {
        const upcoming = Date.parse(event.at) > display.now;
        return (
          <li key={`${event.type}-${event.ref ?? ''}-${index}`} className="relative" data-event={event.type}>
            <span
              aria-hidden
              className={`absolute -left-[27px] top-1.5 h-3 w-3 rounded-full border-2 ${upcoming ? 'border-muted bg-surface' : 'border-accent bg-accent'}`}
            />
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{t(event.type, { ref: event.ref ?? '' })}</span>
              {event.amountFen !== undefined && <span className="font-mono text-sm">{display.money(event.amountFen)}</span>}
              {event.result && <Badge tone={toneOf(outcomeOf(event.result, true))}>{event.result}</Badge>}
              {upcoming && <Badge tone="info">{t('upcoming')}</Badge>}
            </div>
            <div className="text-sm text-muted">
              <time dateTime={event.at} className="font-mono">
                {display.time(event.at)}
              </time>
              <span> · {display.relative(event.at)}</span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
