import { databaseUnavailable } from '@/lib/errors';

/**
 * What a page shows while the database cannot be reached (app/layout.tsx), answered 503 with
 * Retry-After. Both languages at once, as the error pages do: the words are the API's own
 * (lib/errors.ts), so a page and a script read the same.
 */
export function DatabaseUnavailable() {
  const { messages, action } = databaseUnavailable();
  return (
    <div role="alert" data-testid="database-unavailable" className="mx-auto max-w-xl space-y-3 rounded-xl border border-bad/40 bg-bad-bg p-6">
      <h1 className="text-xl font-semibold">{messages.en}</h1>
      <p className="text-muted">{action.en}</p>
      <h2 className="text-xl font-semibold" lang="zh-CN">
        {messages.zh}
      </h2>
      <p className="text-muted" lang="zh-CN">
        {action.zh}
      </p>
    </div>
  );
}
