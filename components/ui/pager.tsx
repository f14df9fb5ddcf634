/** Previous / "Page n of m" / Next links under a paged list (server-rendered; plain links). */
export function Pager({ page, pages, href, labels, nextTestId }: { page: number; pages: number; href: (page: number) => string; labels: { pages: string; previous: string; next: string; page: string }; nextTestId?: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={labels.pages} className="flex flex-wrap items-center justify-between gap-2 text-sm">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev" className="rounded-md border border-border px-3 py-1.5 text-fg">
          {labels.previous}
        </a>
      ) : (
        <span />
      )}
      <span className="text-muted">{labels.page}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next" className="rounded-md border border-border px-3 py-1.5 text-fg" data-testid={nextTestId}>
          {labels.next}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
