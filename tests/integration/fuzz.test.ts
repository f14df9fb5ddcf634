import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidOrderId, type OrderKind } from '../../lib/orders/ids';
import { DEMO_API_KEY, signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { routes, type Route } from './routes';
import { ownServerEnv } from './helpers';

/**
 * Every route handler and page, driven with hostile input by fast-check: arbitrary Unicode,
 * control characters, long strings, broken percent-encoding, wrong methods and JSON of the
 * wrong shape, signed in with each role, with the demo API key, with a hostile x-api-key header,
 * and signed out. A server and database of its own: the
 * fuzzing fails sign-ins and would throttle the rest of the suite's address.
 */
let sim: Simulator;
let app: App;
const cookies: Record<string, string | null> = { 'signed out': null };
/** An admin session the fuzzing never uses (it may sign its own sessions out), to read the audit trail after. */
let auditor: string;

beforeAll(async () => {
  sim = await startSimulator();
  app = await startApp({ env: await ownServerEnv(sim.url), quiet: true });
  for (const role of ['support', 'finance', 'admin']) cookies[role] = await signInCookie(app.url, `${role}@demo.local`);
  auditor = await signInCookie(app.url, 'admin@demo.local');
});
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '%00', '%', '%zz', '%E0%A4%A', '..', '%2e%2e%2f', '%2F%2F', '\\', '<script>', '=1+1', 'DD', 'DD\u0000', '522346\r\n', '\uFEFF', '\uD800', '😀'.repeat(300)),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);

/** A lone surrogate cannot be percent-encoded (or sent at all): it goes as U+FFFD. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Percent-encodes what a URL cannot carry, but leaves `%` alone half the time so broken escapes get through. */
const inUrl = (value: string, raw: boolean) =>
  raw ? wellFormed(value).replace(/[\u0000-\u0020#?/\u007f-\uffff]/gu, (c) => encodeURIComponent(c)) : encodeURIComponent(wellFormed(value));

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"intent":"create"}', '{"intent":"role","userId":"\\u0000","role":"admin"}', '{"email":1,"password":[]}'),
  fc.integer({ min: 70_000, max: 1_200_000 }).map((n) => JSON.stringify({ intent: 'create', name: 'x'.repeat(n) })),
);

const request = fc.record({
  segment: hostileText,
  raw: fc.boolean(),
  method: fc.oneof(fc.constant('GET'), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD')),
  query: fc.array(fc.tuple(fc.constantFrom('next', 'orderId', 'user', 'from', 'to', 'kind', 'action', 'outcome', 'error', 'saved', 'q'), hostileText), { maxLength: 3 }),
  body: jsonBody,
  form: fc.boolean(),
  who: fc.constantFrom('signed out', 'support', 'finance', 'admin', 'demo key'),
  /** Sent as x-api-key when set, in place of anything `who` sends there. */
  hostileKey: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: hostileText, weight: 1 }),
});

function url(route: Route, segment: string, raw: boolean, query: Array<[string, string]>): string {
  const path = route.segments.map((s) => (s.startsWith('[...') ? `${inUrl(segment, raw)}` : s.startsWith('[') ? inUrl(segment, raw) : s)).join('/');
  const search = query.map(([k, v]) => `${k}=${inUrl(v, raw)}`).join('&');
  return `/${path}${search ? `?${search}` : ''}`;
}

const lookupKind = (route: Route): OrderKind | undefined =>
  route.file.includes('api/orders/shop') ? 'shop' : route.file.includes('api/orders/service-provider') ? 'service-provider' : undefined;

describe('every route under hostile input', () => {
  it('never answers 5xx, never calls WeChat for a malformed id, keeps answering, and audits every signed-in lookup', { timeout: 300_000 }, async () => {
    const all = routes();
    expect(all.length).toBeGreaterThanOrEqual(10);
    const lookedUp: string[] = [];
    const wechatCalls = () => Object.values(sim.stats().orderCalls).reduce((a, b) => a + b, 0);

    await fc.assert(
      // Half the runs go to the two lookup routes, where an id reaches WeChat.
      fc.asyncProperty(fc.oneof(fc.constantFrom(...all), fc.constantFrom(...all.filter((r) => lookupKind(r)))), request, async (route, input) => {
        // Signing out is fuzzed signed out only: the role sessions must last the whole run.
        fc.pre(!route.file.includes('sign-out') || input.who === 'signed out');
        const target = url(route, input.segment, input.raw, input.query);
        const callsBefore = wechatCalls();
        const sendsBody = !['GET', 'HEAD'].includes(input.method);
        let response: Response;
        try {
          response = await fetch(`${app.url}${target}`, {
            method: input.method,
            redirect: 'manual',
            headers: {
              origin: app.url,
              ...(cookies[input.who] ? { cookie: cookies[input.who]! } : {}),
              ...(input.who === 'demo key' ? { 'x-api-key': DEMO_API_KEY } : {}),
              ...(input.hostileKey === undefined ? {} : { 'x-api-key': wellFormed(input.hostileKey) }),
              ...(sendsBody ? { 'content-type': input.form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
            },
            body: sendsBody ? input.body : undefined,
          });
        } catch (error) {
          const why = error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error);
          // fetch itself refuses some URLs (it never reached the server): not the server's answer.
          if (error instanceof TypeError && /URL|header|ByteString/i.test(why)) return;
          // The server may answer (4xx) and close before a large body is all sent: then it must still be up.
          if (sendsBody && input.body.length > 64 * 1024 && /ECONNRESET|EPIPE|other side closed/i.test(why)) {
            expect((await fetch(`${app.url}/api/readyz`)).status).toBe(200);
            return;
          }
          throw new Error(`${input.method} ${target.slice(0, 200)} as ${input.who}: ${why}`);
        }
        const text = input.method === 'HEAD' ? '' : await response.text();
        expect(response.status, `${input.method} ${target.slice(0, 200)} as ${input.who}: ${text.slice(0, 200)}`).toBeLessThan(500);

        const kind = lookupKind(route);
        // The lookup handler answered (JSON), not Next's 404 page, nor proxy.ts refusing a path whose
        // percent-encoding is broken (invalid_request: there is no id to look up or to record).
        const fromHandler = (response.headers.get('content-type') ?? '').includes('application/json') && !text.includes('"invalid_request"');
        // Signed in (a session the fuzzing has not signed out itself: 401 then).
        if (kind && input.method === 'GET' && input.who !== 'signed out' && fromHandler && response.status !== 401) {
          lookedUp.push(response.headers.get('x-request-id')!);
          if (response.status === 400) {
            // Refused as malformed: it was, and WeChat never heard of it.
            expect(text).toMatch(/invalid_id/);
            expect(isValidOrderId(kind, decodeURIComponentSafe(target.split('/').pop()!.split('?')[0]!))).toBe(false);
            expect(wechatCalls()).toBe(callsBefore);
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), verbose: 1 },
    );

    // Still answering.
    expect((await fetch(`${app.url}/api/readyz`)).status).toBe(200);

    // How many fuzzed lookups reach the handler hangs on the seed (10 in one CI run, where this
    // asked for more than 10): a floor of known lookups, a good and a malformed id of each kind for
    // each signed-in caller, keeps the audit check below from ever being nearly empty.
    const fuzzed = lookedUp.length;
    for (const who of ['support', 'finance', 'admin', 'demo key'] as const) {
      for (const path of ['shop/522346', 'service-provider/DD2981741311549200000', 'shop/not%20an%20id!', 'service-provider/DD%0A1']) {
        const response = await fetch(`${app.url}/api/orders/${path}`, { headers: who === 'demo key' ? { 'x-api-key': DEMO_API_KEY } : { cookie: cookies[who]! } });
        expect(response.status, `${path} as ${who}`).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/json');
        lookedUp.push(response.headers.get('x-request-id')!);
      }
    }

    // Every signed-in lookup that reached the handler is in the audit trail, by its request id: an
    // order's lookup, its history and its evidence each under an action of its own.
    const ids = new Set<string>();
    for (const action of ['order.lookup', 'order.history', 'order.evidence']) {
      const csv = await fetch(`${app.url}/api/audit.csv?action=${action}`, { headers: { cookie: auditor } });
      expect(csv.status).toBe(200);
      for (const row of parse((await csv.text()).replace(/^\uFEFF/, ''), { columns: true }) as Array<{ request_id: string }>) ids.add(row.request_id);
    }
    expect(fuzzed).toBeGreaterThan(0);
    expect(lookedUp.length).toBe(fuzzed + 16);
    const missing = lookedUp.filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });
});

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
