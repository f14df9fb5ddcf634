'use client';

/**
 * A page that failed to render. Both languages at once: error boundaries load with every page,
 * so this one carries no translation code.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl space-y-3 pt-10 text-center">
      <h1 className="text-xl font-semibold">Something went wrong · 出错了</h1>
      <button type="button" onClick={reset} className="rounded-lg bg-accent px-4 py-2 text-accent-fg">
        Try again · 重试
      </button>
    </div>
  );
}
