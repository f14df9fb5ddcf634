import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { signInCookie, startStack } from '../tests/support/stack';

/**
 * `npm run size`: the JavaScript a browser loads first for each page, gzipped, measured from
 * the build output: the scripts the built server's HTML asks for, read from .next/static.
 * Fails above BUDGET_KIB for the order pages.
 */
const BUDGET_KIB = Number(process.env.BUDGET_KIB ?? 150);
const pages = {
  search: '/',
  'service-provider order': '/orders/service-provider/DD2981741311549200000',
  'shop order': '/orders/shop/522346',
};

/** What a chunk mostly holds, from names found in it. */
function describe(source: string): string {
  const markers: Array<[string, RegExp]> = [
    ['react-dom', /react-dom|__reactContainer|scheduler/],
    ['next router/runtime', /next-router|__next_f|app-router/],
    ['@tanstack/react-query', /QueryClient|queryCache/],
    ['next-intl', /IntlProvider|useTranslations|intl-messageformat|FORMAT_ERROR/],
    ['Order Desk components', /order-skeleton|data-testid|refund-table|search-note/],
  ];
  const found = markers.filter(([, re]) => re.test(source)).map(([name]) => name);
  return found.length ? found.join(', ') : 'other';
}

const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
const cookie = await signInCookie(stack.app.url);
let failed = false;
try {
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

  for (const [name, path] of Object.entries(pages)) {
    const html = await (await fetch(`${stack.app.url}${path}`, { headers: { cookie } })).text();
    // Module browsers skip `<script nomodule>` (the legacy polyfills), so it is not counted.
    const tags = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule/i.test(tag));
    const scripts = [...new Set(tags.flatMap((tag) => [...tag.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]!)))];
    const total = scripts.reduce((sum, src) => sum + sizeOf(src).gzip, 0);
    const kib = total / 1024;
    const budgeted = name !== 'search';
    const over = budgeted && kib > BUDGET_KIB;
    failed ||= over;
    console.log(`\n${name} (${path}): ${kib.toFixed(1)} KiB gzip in ${scripts.length} scripts${budgeted ? ` (budget ${BUDGET_KIB} KiB${over ? ': OVER' : ''})` : ''}`);
    for (const src of scripts.sort((a, b) => sizeOf(b).gzip - sizeOf(a).gzip).slice(0, 12)) {
      const s = sizeOf(src);
      console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(6)} KiB  ${src.split('/').pop()}  (${s.what})`);
    }
  }
} finally {
  await stack.stop();
}
if (failed) {
  console.error(`\nFirst-load JavaScript is over the ${BUDGET_KIB} KiB budget.`);
  process.exit(1);
}
