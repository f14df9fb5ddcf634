/**
 * Bytes an order's version takes (docs/history.md, "Storage"): the simulator's answers for a few
 * orders (the 40-refund one included), each stored 1,000 times in an order_version table as
 * migrated, on PGlite. `npx tsx scripts/measure-history.ts`
 */
import { PGlite } from '@electric-sql/pglite';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { startSimulator, DEMO_ACCOUNTS } from '../wechat-sim/server';

const sim = await startSimulator();
const token = async (appid: string, secret: string) => ((await (await fetch(`${sim.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid, secret }) })).json()) as { access_token: string }).access_token;
const spTok = await token(DEMO_ACCOUNTS[0]!.appid, DEMO_ACCOUNTS[0]!.secret);
const shopTok = await token(DEMO_ACCOUNTS[1]!.appid, DEMO_ACCOUNTS[1]!.secret);
const bodies: Array<[string, string, Uint8Array]> = [];
for (const id of ['DD2981741311549200000', 'DD1000000000000000010', 'DD8000000000000000107']) {
  const r = await fetch(`${sim.url}/wxa/charge/service-provider/order/get?access_token=${spTok}&orderId=${id}`);
  bodies.push(['service-provider', id, new Uint8Array(await r.arrayBuffer())]);
}
for (const id of ['522346', 'shop-paid-001', 'shop-every-result', 'shop-many-refunds', 'bulk-000107']) {
  const r = await fetch(`${sim.url}/shop/pay/getorder?access_token=${shopTok}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trade_no: id }) });
  bodies.push(['shop', id, new Uint8Array(await r.arrayBuffer())]);
}
await sim.close();
const db = new PGlite();
const migration = readdirSync('drizzle').find((name) => name.endsWith('_history.sql'))!;
await db.exec(readFileSync(`drizzle/${migration}`, 'utf8').replaceAll('--> statement-breakpoint', ''));
for (const [kind, id, body] of bodies) console.log(kind, id, body.byteLength, 'bytes');
// Each order's answer as many versions as needed to measure per row: 1,000 rows per order.
for (const [kind, id, body] of bodies) {
  await db.exec('truncate order_version');
  for (let i = 0; i < 1000; i++) {
    await db.query(`insert into order_version (kind, shop, order_id, body, sha256, request, app_id, first_seen_at, last_seen_at, via, audit_id, request_id, last_via, last_audit_id) values ($1, $2, $3, $4, $5, $6, 'wxshop00000demo01', now(), now(), 'api', $7, '0c7d9b1e-1f2a-4b3c-9d8e-123456789abc', 'api', $7)`,
      [kind, kind === 'shop' ? 'default' : '', `${id}-${i}`, body, createHash('sha256').update(body).digest('hex'), JSON.stringify({ method: 'POST', url: 'https://api.weixin.qq.com/shop/pay/getorder', body: { trade_no: id } }), 1_000_000 + i]);
  }
  await db.exec('vacuum analyze order_version');
  const [row] = (await db.query<{ table: string; indexes: string; toast: string }>(`select pg_table_size('order_version')::text as table, pg_indexes_size('order_version')::text as indexes, (select avg(pg_column_size(t.*))::int::text from order_version t) as toast`)).rows;
  console.log(`${id}: body ${body.byteLength} B; per version on disk ${Math.round(Number(row!.table) / 1000)} B table + ${Math.round(Number(row!.indexes) / 1000)} B indexes; row ${row!.toast} B`);
}
await db.close();
