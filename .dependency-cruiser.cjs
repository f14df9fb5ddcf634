/**
 * The layers of Order Desk, held by `npm run lint` (dependency-cruiser). A module may import
 * from its own layer and the layers below it, never from one above; no import cycles at all.
 * docs/architecture.md draws the same layers.
 */
const layers = [
  // 0. Leaves: pure code that imports nothing of ours above it.
  // (lib/db/outage.ts only classifies errors and imports no database: it sits here, below the
  // HTTP contract that answers an outage.)
  ['lib/errors.ts', 'lib/log.ts', 'lib/client-address.ts', 'lib/request-info.ts', 'lib/request-scope.ts', 'lib/intl-config.ts', 'lib/text', 'lib/orders', 'lib/db/outage.ts', 'lib/stored-json.ts'],
  // 1. Settings, metrics registry and shutdown, the HTTP contract.
  ['lib/env', 'lib/ops', 'lib/api'],
  // 2. The database.
  ['lib/db'],
  // 3. Shops, the audit trail, the WeChat client, WeChat's daily share, one-at-a-time admission.
  ['lib/shops', 'lib/audit', 'lib/wechat', 'lib/quota', 'lib/one-at-a-time.ts'],
  // 4. Who is asking.
  ['lib/auth'],
  // 5. The orders seen, and what WeChat said of each over time; the ledger, written with the index.
  ['lib/order-index', 'lib/history', 'lib/ledger'],
  // 6. Looking an order up (the central use case) and searching.
  ['lib/lookups'],
  // 7. Batches of lookups, and sync (every order, through WeChat's list APIs).
  ['lib/batches', 'lib/sync'],
  // 8. The server: start-up, health and metrics handlers, the route wrapper.
  ['lib/server'],
];

const pattern = (paths) => `^(${paths.map((p) => p.replace(/[.]/g, '\\.')).join('|')})(/|$)`;

/** Single files named in a lower layer than their folder's. */
const lowered = (i) => layers.slice(0, i + 1).flat().filter((p) => p.endsWith('.ts'));

const layerRules = layers.slice(0, -1).map((own, i) => ({
  name: `layer-${i}-imports-upward`,
  severity: 'error',
  comment: `${own.join(', ')} may import only from layers 0-${i}; move the code down or the caller up.`,
  from: { path: pattern(own), pathNot: '\\.test\\.ts$' },
  to: { path: pattern(layers.slice(i + 1).flat()), pathNot: pattern(lowered(i)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules together so that none of them can be loaded, read or tested alone.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'browser-code-stays-off-the-server',
      severity: 'error',
      comment: 'components/ and lib/query/ run in the browser: they may use the contract, errors, intl and pure order logic, never server layers.',
      from: { path: '^(components|lib/query)/' },
      to: { path: pattern(['lib/env', 'lib/ops', 'lib/db', 'lib/shops', 'lib/audit', 'lib/wechat', 'lib/auth', 'lib/order-index', 'lib/history', 'lib/ledger', 'lib/lookups', 'lib/batches', 'lib/sync', 'lib/server']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pages-get-views-not-rows',
      severity: 'error',
      comment:
        'app/ and components/ receive the view types of lib/api/contract.ts, never Drizzle rows: they import neither the database (lib/db; lib/db/outage.ts, which only classifies errors, aside) nor the modules of lib/ that read rows and map them to views (store.ts, listing.ts, view.ts). drizzle-orm itself: eslint.config.mjs.',
      from: { path: '^(app|components)/' },
      to: { path: '^(lib/db/|lib/[^/]+/(store|listing|view)\\.ts$)', pathNot: '^lib/db/outage\\.ts$' },
    },
    {
      name: 'every-lib-module-has-a-layer',
      severity: 'error',
      comment: 'A new folder or file of lib/ goes into one of the layers above (and into docs/architecture.md).',
      from: { path: '^lib/', pathNot: `${pattern([...layers.flat(), 'lib/query'])}|\\.test\\.ts$` },
      to: {},
    },
    {
      name: 'lib-stays-below-the-app',
      severity: 'error',
      comment: 'lib/ never imports from app/ or components/.',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'only-the-top-starts-the-server',
      severity: 'error',
      comment: 'lib/server is the top of lib/: only app/, instrumentation.ts and proxy.ts import it.',
      from: { pathNot: '^(app/|instrumentation\\.ts$|proxy\\.ts$|lib/server/)' },
      to: { path: '^lib/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next|\\.cache|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
