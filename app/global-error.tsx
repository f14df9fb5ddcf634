'use client';

/** Last resort when the root layout itself fails: plain, bilingual, no dependencies. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <h1>Something went wrong · 出错了</h1>
        <button type="button" onClick={reset}>
          Try again · 重试
        </button>
      </body>
    </html>
  );
}
