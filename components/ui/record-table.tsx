import type { ReactNode } from 'react';

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
  /** Right-align (amounts). */
  numeric?: boolean;
}

/**
 * A table on wide screens; on narrow ones each row becomes a card of "label value" lines, so
 * nothing scrolls sideways. Long lists scroll inside the box with the header kept in view.
 */
export function RecordTable<T>({ rows, columns, rowKey, caption, testId }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; caption: string; testId?: string }) {
  return (
    // Focusable so keyboard users can scroll a long list (axe: scrollable-region-focusable).
    <div className="max-h-[36rem] overflow-auto rounded-lg border border-border" data-testid={testId} tabIndex={0} role="region" aria-label={caption}>
      <table className="block w-full text-sm md:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden bg-surface-2 md:sticky md:top-0 md:table-header-group">
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={`px-3 py-2 font-medium text-muted ${c.numeric ? 'text-right' : 'text-left'}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="block divide-y divide-border md:table-row-group">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="block px-3 py-2 md:table-row md:p-0">
              {columns.map((c) => (
                <td
                  key={c.label}
                  data-label={c.label}
                  className={`flex items-start justify-between gap-3 py-0.5 before:shrink-0 before:text-xs before:text-muted before:content-[attr(data-label)] md:table-cell md:px-3 md:py-2 md:align-top md:before:content-none ${c.numeric ? 'md:text-right' : ''}`}
                >
                  {/* Right-aligned beside its label on narrow screens; under its header on wide ones. */}
                  <div className={`min-w-0 break-words text-right ${c.numeric ? 'font-mono' : 'md:text-left'}`}>{c.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
