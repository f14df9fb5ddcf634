import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { startSimulator } from '../wechat-sim/server';
import { demoEnv, isolatedDatabaseEnv, removeFreshDataDirs, signInCookie, startApp } from '../tests/support/stack';

/**
 * `npm run measure:history-storage`: the order index and the order history at MEASURE_ORDERS
 * (1,000,000) orders, measured, on PostgreSQL (DATABASE_URL, or the one scripts/postgres.sh starts)
 * or PGlite (MEASURE_DATABASE=pglite).
 *
 * The rows are the product's own: a `next start` against the simulator looks up each template
 * order below through the API (and syncs one SPU of the service provider's list, so listed
 * orders are kept as list elements), writing order_index, order_ref and order_version as it
 * always does; two of the templates change between two lookups (a refund that succeeds, a
 * profit sharing added), so a quarter of the orders have two versions. Then each template's
 * rows are copied in SQL to its share of MEASURE_ORDERS, the order's id and every other id it
 * carries (order_index.refs, and so order_ref, filled as its trigger fills it) replaced by a unique one of the same
 * length (10 characters longer for ids under 12). The summary and the kept bytes are copied as
 * they are (the ids inside them keep their length either way, so their size is the same; the
 * rewrite cost 3.5-200 ms an order here, too slow for a million).
 * Printed: pg_total_relation_size of each table, its indexes one by one, bytes per order and per
 * version.
 */
const ORDERS = Number(process.env.MEASURE_ORDERS ?? 1_000_000);
const DATABASE = process.env.MEASURE_DATABASE ?? 'postgresql';
const SPU = '10000117';
const stamp = Date.now().toString(36);

/** The mix: each template order, how it is looked up, and its share of the orders. */
const TEMPLATES: Array<{ kind: 'shop' | 'service-provider'; id: string; share: number; lookups: number; note: string }> = [
  { kind: 'shop', id: 'shop-paid-001', share: 0.25, lookups: 1, note: 'paid, no refund' },
  { kind: 'shop', id: '522346', share: 0.15, lookups: 1, note: "the documents' example: one refund, one sharing" },
  { kind: 'shop', id: 'bulk-000107', share: 0.1, lookups: 1, note: 'a bulk order' },
  { kind: 'shop', id: `turn-refund-m${stamp}`, share: 0.15, lookups: 2, note: 'a refund in progress, then succeeded: 2 versions' },
  { kind: 'shop', id: `turn-sharing-m${stamp}`, share: 0.1, lookups: 2, note: 'a profit sharing added: 2 versions' },
  { kind: 'shop', id: 'shop-every-result', share: 0.04, lookups: 1, note: '7 refunds, 6 sharings' },
  { kind: 'shop', id: 'shop-many-refunds', share: 0.01, lookups: 1, note: '40 refunds' },
  { kind: 'service-provider', id: 'DD2981741311549200000', share: 0.05, lookups: 1, note: "the documents' example (order/get)" },
  { kind: 'service-provider', id: 'DD1000000000000000010', share: 0.05, lookups: 1, note: '64-bit values (order/get)' },
  { kind: 'service-provider', id: 'listed', share: 0.1, lookups: 0, note: 'an order synced from query_list: one element of the list answer' },
];

interface Db {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openDb(env: Record<string, string>): Promise<Db> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    return { query: async (text, params) => (await client.query(text, params)).rows, close: () => client.end() };
  }
  const db = new PGlite(join(env.ORDER_DESK_DATA_DIR!, 'pglite'));
  return { query: async <T,>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows, close: () => db.close() };
}

/** Writes the templates' rows the product's way: lookups through the API, and a sync of one SPU. */
async function templateRows(env: Record<string, string>, simUrl: string): Promise<string> {
  const app = await startApp({ env, quiet: true });
  try {
    const cookie = await signInCookie(app.url, 'finance@demo.local');
    for (const t of TEMPLATES) {
      for (let n = 0; n < t.lookups; n++) {
        const response = await fetch(`${app.url}/api/orders/${t.kind}/${t.id}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${t.kind} ${t.id}: HTTP ${response.status}`);
        await response.arrayBuffer();
      }
    }
    for (let i = 0; i < 600; i++) {
      const sync = (await (await fetch(`${app.url}/api/sync`, { headers: { cookie } })).json()) as { sources: Array<{ source: string; state: string; lastRun: { finishedAt: string | null } | null }> };
      const sp = sync.sources.find((s) => s.source === 'service-provider');
      if (sp?.lastRun?.finishedAt && sp.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await app.stop();
  }
  void simUrl;
  const db = await openDb(env);
  try {
    const [listed] = await db.query<{ order_id: string }>(`select order_id from order_version where kind = 'service-provider' and request ? 'element' order by id limit 1`);
    if (!listed) throw new Error('the sync kept no listed order');
    return listed.order_id;
  } finally {
    await db.close();
  }
}

/**
 * A template's id made unique for copy `i`, the same length where it can be: its last 10
 * characters become the id's place among the template's ids (2 digits), the template (1) and the
 * copy (7); an id shorter than 12 characters gets them appended.
 */
const CLONE_FUNCTIONS = [
  `create or replace function pg_temp.clone_id(id text, j int, t int, i int) returns text language sql immutable as $$
     select case when length(id) >= 12 then left(id, length(id) - 10) else id end || lpad(j::text, 2, '0') || t::text || lpad(i::text, 7, '0') $$`,
];

async function fill(db: Db, listedId: string): Promise<{ versions: number }> {
  for (const statement of CLONE_FUNCTIONS) await db.query(statement);
  await db.query(`create temp table tpl (t int, kind text, shop text, order_id text, copies int, ids text[])`);
  let t = 0;
  for (const template of TEMPLATES) {
    t += 1;
    const id = template.id === 'listed' ? listedId : template.id;
    const copies = Math.round(ORDERS * template.share);
    const rows = await db.query(`insert into tpl select $1, kind, shop, order_id, $2, array(select x from (select order_id as x union select ref_id from order_ref r where r.kind = i.kind and r.shop = i.shop and r.order_id = i.order_id) ids order by length(x) desc) from order_index i where kind = $3 and order_id = $4 returning 1`, [t, copies, template.kind, id]);
    if (rows.length !== 1) throw new Error(`template ${template.kind} ${id}: ${rows.length} index rows`);
  }
  await db.query(`create temp table tpl_index as select i.* from order_index i join tpl using (kind, shop, order_id)`);
  await db.query(`create temp table tpl_version as select v.* from order_version v join tpl using (kind, shop, order_id)`);
  await db.query(`truncate order_index, order_ref, order_version`);
  // order_ref is filled once at the end with what the table's trigger would write row by row (drizzle/0004_order_index.sql): far faster.
  await db.query(`alter table order_index disable trigger order_index_refs`);
  for (const { t: n, copies } of await db.query<{ t: number; copies: number }>(`select t, copies from tpl order by t`)) {
    const started = Date.now();
    await db.query(`
      insert into order_index
      select (jsonb_populate_record(i, jsonb_build_object(
        'order_id', pg_temp.clone_id(i.order_id, array_position(tpl.ids, i.order_id), $1, g),
        'refs', array(select split_part(r, ':', 1) || ':' || pg_temp.clone_id(substr(r, strpos(r, ':') + 1), array_position(tpl.ids, substr(r, strpos(r, ':') + 1)), $1, g) from unnest(i.refs) r)))).*
      from tpl_index i join tpl using (kind, shop, order_id), generate_series(1, $2::int) g where tpl.t = $1`, [n, copies]);
    await db.query(`
      insert into order_version (kind, shop, order_id, body, sha256, request, app_id, first_seen_at, last_seen_at, via, audit_id, request_id, last_via, last_audit_id)
      select v.kind, v.shop, pg_temp.clone_id(v.order_id, array_position(tpl.ids, v.order_id), $1, g), v.body, v.sha256, v.request,
             v.app_id, v.first_seen_at, v.last_seen_at, v.via, v.audit_id, v.request_id, v.last_via, v.last_audit_id
      from tpl_version v join tpl using (kind, shop, order_id), generate_series(1, $2::int) g
      where tpl.t = $1 order by g, v.id`, [n, copies]);
    console.error(`template ${n}: ${copies} orders in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  await db.query(`insert into order_ref (ref_id, ref_kind, kind, shop, order_id) select substr(r, strpos(r, ':') + 1), split_part(r, ':', 1), kind, shop, order_id from order_index, unnest(refs) as r on conflict do nothing`);
  await db.query(`alter table order_index enable trigger order_index_refs`);
  await db.query('vacuum analyze order_index');
  await db.query('vacuum analyze order_ref');
  await db.query('vacuum analyze order_version');
  const [count] = await db.query<{ n: string }>('select count(*)::text as n from order_version');
  return { versions: Number(count!.n) };
}

async function measure(db: Db, versions: number) {
  const tables = ['order_index', 'order_ref', 'order_version'];
  const sizes = await db.query<{ name: string; total: string; table: string; indexes: string; rows: string }>(
    `select c.relname as name, pg_total_relation_size(c.oid)::text as total, pg_table_size(c.oid)::text as table, pg_indexes_size(c.oid)::text as indexes, c.reltuples::bigint::text as rows
     from pg_class c where c.relname = any($1) order by c.relname`,
    [tables],
  );
  const indexes = await db.query<{ table: string; name: string; bytes: string }>(
    `select t.relname as table, c.relname as name, pg_relation_size(c.oid)::text as bytes from pg_index x join pg_class c on c.oid = x.indexrelid join pg_class t on t.oid = x.indrelid where t.relname = any($1) order by t.relname, c.relname`,
    [tables],
  );
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const total = sizes.reduce((n, s) => n + Number(s.total), 0);
  const version = sizes.find((s) => s.name === 'order_version')!;
  console.log(`\n${DATABASE}: ${ORDERS.toLocaleString('en')} orders, ${versions.toLocaleString('en')} versions\n`);
  console.log('| Table | Rows (planner\'s estimate) | Total | Table (TOAST included) | Indexes |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const s of sizes) console.log(`| ${s.name} | ${Number(s.rows).toLocaleString('en')} | ${mb(Number(s.total))} | ${mb(Number(s.table))} | ${mb(Number(s.indexes))} |`);
  console.log(`| all three | | ${mb(total)} | | |`);
  console.log('\n| Index | Size |\n| --- | ---: |');
  for (const i of indexes) console.log(`| ${i.table}: ${i.name} | ${mb(Number(i.bytes))} |`);
  console.log(`\nper order (all three tables): ${Math.round(total / ORDERS)} B; order_index + order_ref per order: ${Math.round((total - Number(version.total)) / ORDERS)} B`);
  console.log(`per version (order_version, indexes included): ${Math.round(Number(version.total) / versions)} B; of which indexes ${Math.round(Number(version.indexes) / versions)} B`);
}

const sim = await startSimulator({ now: Math.floor(Date.now() / 1000) - 300, orderLists: { spus: [{ spuId: SPU, ordersPerDay: 8 }], shopOrdersPerDay: 0, jitter: 0, historyDays: 2 } });
try {
  if (DATABASE === 'postgresql') process.env.DATABASE_URL ??= execFileSync('bash', ['scripts/postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const env = { ...demoEnv(sim.url), ...(DATABASE === 'postgresql' ? await isolatedDatabaseEnv() : {}), ORDER_DESK_SYNC: 'on', WECHAT_SP_SPU_IDS: SPU, ORDER_DESK_LOOKUPS_PER_MINUTE: '100000', LOG_LEVEL: 'warn' };
  const listed = await templateRows(env, sim.url);
  const db = await openDb(env);
  try {
    const started = Date.now();
    const { versions } = await fill(db, listed);
    console.error(`filled in ${Math.round((Date.now() - started) / 1000)} s`);
    console.log('\nThe mix:');
    for (const t of TEMPLATES) console.log(`- ${(t.share * 100).toFixed(0)} % ${t.kind} ${t.id === 'listed' ? listed : t.id}: ${t.note}`);
    await measure(db, versions);
  } finally {
    await db.close();
  }
} finally {
  await sim.close();
  removeFreshDataDirs();
}
