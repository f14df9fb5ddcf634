import type { ReactNode } from 'react';

/**
 * A table in a bordered box that scrolls sideways inside itself (a keyboard-scrollable region),
 * so a wide table never makes the page scroll. `children` are the body rows.
 */
export function DataTable({ label, testId, headings, children }: { label: string; testId: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-border bg-surface" tabIndex={0} role="region" aria-label={label}>
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="bg-surface-2 text-left text-muted">
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">{children}</tbody>
      </table>
    </div>
  );
}
