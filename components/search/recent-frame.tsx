import type { ReactNode } from 'react';

/** The recent lookups' section: its heading, an action beside it, and what is listed. */
export function RecentFrame({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id="recent-heading" className="text-sm font-semibold text-muted">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}
