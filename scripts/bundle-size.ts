import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { signInCookie, startStack } from '../tests/support/stack';

/**
 * `npm run size`: the JavaScript a browser loads first for each page, gzipped, measured from
 * the build output: every script the built server's HTML names (`<script src>`, `<link
 * rel=preload>` and the chunks its React Server Components payload loads before hydrating), read
 * from .next/static. Every page of the build is measured (the list comes from
 * .next/app-path-routes-manifest.json, so a new page is measured without being added here), and
 * the run fails, naming the page, if one is over BUDGET_KIB or cannot be measured.
 */
const BUDGET_KIB = Number(process.env.BUDGET_KIB ?? 140);

/** A URL for each page whose route has a dynamic segment (a new one must be added here). */
const samples: Record<string, (batchId: string) => string> = {
  '/orders/service-provider/[orderId]': () => '/orders/service-provider/DD2981741311549200000',
  '/orders/shop/[tradeNo]': () => '/orders/shop/522346',
  // The print views show the answer kept by the order pages' visit just before them.
  '/orders/service-provider/[orderId]/print': () => '/orders/service-provider/DD2981741311549200000/print',
  '/orders/shop/[tradeNo]/print': () => '/orders/shop/522346/print',
  '/batches/[id]': (batchId) => `/batches/${batchId}`,
};

/** What Next renders in place of a page (app/not-found.tsx, app/forbidden.tsx): no route of their own. */
const extraPages: Array<{ name: string; path: string; as: 'admin' | 'support' | 'nobody'; status: number }> = [
  { name: 'not found (404)', path: '/no-such-page', as: 'admin', status: 404 },
  { name: 'forbidden (403)', path: '/admin/audit', as: 'support', status: 403 },
];

/** What a chunk mostly holds, from names found in it. */
function describe(source: string): string {
  const markers: Array<[string, RegExp]> = [
    ['react-dom', /react-dom|__reactContainer|scheduler/],
    ['next router/runtime', /next-router|__next_f|app-router/],
    ['@tanstack/react-query', /QueryClient|queryCache/],
    ['next-intl', /IntlProvider|useTranslations|intl-messageformat|FORMAT_ERROR/],
    ['zod', /ZodError|\$ZodType/],
    ['Order Desk components', /order-skeleton|data-testid|refund-table|search-note/],
  ];
  const found = markers.filter(([, re]) => re.test(source)).map(([name]) => name);
  return found.length ? found.join(', ') : 'other';
}

/** A page as the report names it: its route, and the URL measured when it differs. */
const label = (page: { name: string; path: string }) => (page.name === page.path ? page.name : `${page.name} (${page.path})`);

/** Every page route of the build (`/batches/[id]`), from the manifest Next writes. */
function pageRoutes(): string[] {
  const manifest = JSON.parse(readFileSync('.next/app-path-routes-manifest.json', 'utf8')) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/page'))
    .map(([, route]) => route)
    // Next's own: shown for an unknown URL (measured below as "not found") and for an error in the root layout.
    .filter((route) => route !== '/_not-found' && route !== '/_global-error')
    .sort();
}

const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
const problems: string[] = [];
try {
  const cookies = {
    admin: await signInCookie(stack.app.url, 'admin@demo.local'),
    support: await signInCookie(stack.app.url, 'support@demo.local'),
    nobody: '',
  };
  // A batch for the batch page to show.
  const made = await fetch(`${stack.app.url}/api/batches`, {
    method: 'POST',
    headers: { cookie: cookies.admin, origin: stack.app.url, 'content-type': 'application/json' },
    body: JSON.stringify({ ids: ['522346'], kind: 'auto' }),
  });
  if (made.status !== 201 && made.status !== 200) throw new Error(`could not create a batch to measure its page: HTTP ${made.status}`);
  const batchId = ((await made.json()) as { batch: { id: string } }).batch.id;

  const pages = pageRoutes().map((route) => {
    const sample = samples[route];
    const dynamic = route.includes('[');
    if (dynamic && !sample) problems.push(`${route}: no URL to measure it by; add one to \`samples\` in scripts/bundle-size.ts`);
    // Signed out: the sign-in page sends a signed-in person on.
    return { name: route, path: sample ? sample(batchId) : route, as: route === '/login' ? ('nobody' as const) : ('admin' as const), status: 200, skip: dynamic && !sample };
  });

  const sizes = new Map<string, { gzip: number; raw: number; what: string }>();
  const sizeOf = (src: string) => {
    let entry = sizes.get(src);
    if (!entry) {
      const source = readFileSync(`.next/static/${src.replace(/^\/_next\/static\//, '').split('?')[0]}`);
      entry = { gzip: gzipSync(source).length, raw: source.length, what: describe(source.toString('utf8')) };
      sizes.set(src, entry);
    }
    return entry;
  };

  const measured: Array<{ name: string; path: string; kib: number; scripts: string[] }> = [];
  for (const page of [...pages.filter((p) => !p.skip), ...extraPages]) {
    const response = await fetch(`${stack.app.url}${page.path}`, { headers: { cookie: cookies[page.as] }, redirect: 'manual' });
    const html = await response.text();
    if (response.status !== page.status) {
      problems.push(`${label(page)}: HTTP ${response.status}, expected ${page.status}; not measured`);
      continue;
    }
    // Every script the document names: its tags and preloads, and the chunks its React Server Components
    // payload asks the browser to load before it can hydrate (a 403 page names some only there). Module
    // browsers skip `<script nomodule>` (the legacy polyfills), so it is not counted.
    const legacy = new Set([...html.matchAll(/<script\b[^>]*\snomodule[^>]*>/gi)].flatMap((m) => [...m[0].matchAll(/src="([^"]+)"/g)].map((s) => s[1]!)));
    const scripts = [...new Set([...html.matchAll(/\/_next\/static\/[^"'\\?\s]+\.js/g)].map((m) => m[0]))].filter((src) => !legacy.has(src));
    const kib = scripts.reduce((sum, src) => sum + sizeOf(src).gzip, 0) / 1024;
    measured.push({ name: page.name, path: page.path, kib, scripts });
    if (kib > BUDGET_KIB) problems.push(`${label(page)}: ${kib.toFixed(1)} KiB gzip, over the ${BUDGET_KIB} KiB budget`);
  }

  // The scripts every page loads, listed once; then each page's own.
  const shared = measured.length ? measured.map((m) => new Set(m.scripts)).reduce((a, b) => new Set([...a].filter((s) => b.has(s)))) : new Set<string>();
  const line = (src: string) => {
    const s = sizeOf(src);
    return `    ${(s.gzip / 1024).toFixed(1).padStart(6)} KiB  ${src.split('/').pop()}  (${s.what})`;
  };
  const sharedKib = [...shared].reduce((sum, src) => sum + sizeOf(src).gzip, 0) / 1024;
  console.log(`\nShared by every page: ${sharedKib.toFixed(1)} KiB gzip in ${shared.size} scripts`);
  for (const src of [...shared].sort((a, b) => sizeOf(b).gzip - sizeOf(a).gzip)) console.log(line(src));
  console.log(`\nFirst-load JavaScript per page (budget ${BUDGET_KIB} KiB gzip):`);
  for (const m of measured) {
    const own = m.scripts.filter((s) => !shared.has(s)).sort((a, b) => sizeOf(b).gzip - sizeOf(a).gzip);
    console.log(`  ${m.kib.toFixed(1).padStart(6)} KiB  ${m.kib > BUDGET_KIB ? 'OVER' : 'ok  '}  ${label(m)}`);
    for (const src of own) console.log(`  ${line(src)}`);
  }
} finally {
  await stack.stop();
}
if (problems.length) {
  console.error(`\nFirst-load JavaScript check failed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nEvery page is within ${BUDGET_KIB} KiB gzip.`);
