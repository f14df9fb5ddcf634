export function OrderSkeleton({ label }: { label: string }) {
  const bar = 'animate-pulse rounded bg-surface-2';
  return (
    <div aria-busy="true" aria-label={label} className="space-y-4" data-testid="order-skeleton">
      <div className="rounded-xl border border-border bg-surface p-5">
        <div className={`h-6 w-2/3 ${bar}`} />
        <div className={`mt-3 h-4 w-1/3 ${bar}`} />
        <div className={`mt-5 h-8 w-1/4 ${bar}`} />
      </div>
      {[0, 1].map((i) => (
        <div key={i} className="rounded-xl border border-border bg-surface p-5">
          <div className={`h-4 w-1/4 ${bar}`} />
          <div className="mt-4 space-y-2">
            <div className={`h-3 w-full ${bar}`} />
            <div className={`h-3 w-5/6 ${bar}`} />
            <div className={`h-3 w-4/6 ${bar}`} />
          </div>
        </div>
      ))}
    </div>
  );
}
