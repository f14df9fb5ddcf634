'use client';

/** Opens the browser's print dialog ("Save as PDF" gives staff a file); hidden on paper. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md border border-border bg-surface px-3 py-1 text-sm hover:bg-surface-2">
      {label}
    </button>
  );
}
