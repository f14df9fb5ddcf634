import { DEMO_ACCOUNTS } from '../wechat-sim/server';
import { expect, test } from './fixtures';

/** The simulator's tokens all start with this canary (playwright.config.ts). */
const CANARY = 'E2ECANARYx9';

test('no WeChat token reaches the browser: HTML, RSC payloads, API answers', async ({ page, context, baseURL }) => {
  const bodies: Array<{ url: string; body: string }> = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (/json|html|text|x-component/.test(type)) bodies.push({ url: response.url(), body: await response.text().catch(() => '') });
  });
  // The canary is really what the simulator hands out.
  const sim = `http://127.0.0.1:${Number(process.env.E2E_SIM_PORT ?? 4110)}`;
  const issued = await fetch(`${sim}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: DEMO_ACCOUNTS[0]!.appid, secret: DEMO_ACCOUNTS[0]!.secret }),
  });
  expect(((await issued.json()) as { access_token: string }).access_token.startsWith(CANARY)).toBe(true);
  // Invalidate the token mid-way as well: the server fetches a new one.
  await fetch(`${sim}/__sim/invalidate-tokens`, { method: 'POST' });
  for (const path of ['/', '/orders/service-provider/DD2981741311549200000', '/orders/shop/522346', '/orders/shop/fault-40164', '/orders/shop/fault-40001']) {
    await page.goto(path);
    await expect(page.getByTestId('order-skeleton')).toHaveCount(0);
    expect(await page.content(), path).not.toContain(CANARY);
  }
  // Client-side navigation fetches RSC payloads.
  await page.getByRole('link', { name: /Order Desk/ }).first().click();
  await page.getByRole('link', { name: /522346/ }).first().click();
  await expect(page.getByTestId('order-id')).toHaveText('522346');
  const cookies = await context.cookies(baseURL!);
  expect(JSON.stringify(cookies)).not.toContain(CANARY);
  expect(bodies.length).toBeGreaterThan(5);
  for (const { url, body } of bodies) expect(body, url).not.toContain(CANARY);
});
