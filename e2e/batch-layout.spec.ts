import type { Page } from '@playwright/test';
import { expect, ownUser, test } from './fixtures';
import { forEachLook, installLayoutKit } from './layout';

/**
 * The batch page with the largest figures the simulator has (DD1000000000000000010: a price of
 * 2^63-1 fen; shop-big-001 and bulk-000199: amounts beyond 2^53): every figure stays inside its
 * box, clear of its neighbours, narrow and wide, in both languages and both themes. Measured from
 * the boxes the browser laid out, and photographed to be looked at.
 */
const IDS = ['DD1000000000000000010', 'shop-big-001', 'bulk-000199', 'DD2981741311549200000', '522346', 'shop-partial-001', 'bulk-000100', 'not/valid'];

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/screenshots';

/** What runs out of its box or into a neighbour: a list of findings, empty when the page is sound. */
async function layoutProblems(page: Page): Promise<string[]> {
  await installLayoutKit(page);
  return page.evaluate(() => {
    const problems: string[] = [];
    const { ink, box, inside, overlap, name } = window.layoutKit;
    const apart = (elements: Element[], what: string) => {
      elements.forEach((a, i) =>
        elements.slice(i + 1).forEach((b) => {
          if (overlap(ink(a), ink(b))) problems.push(`${what}: “${name(a)}” runs into “${name(b)}”`);
        }),
      );
    };

    for (const list of ['batch-counts', 'batch-totals']) {
      const dl = document.querySelector(`[data-testid="${list}"]`);
      if (!dl) {
        problems.push(`${list} missing`);
        continue;
      }
      const section = dl.closest('section')!;
      const cells = [...dl.children];
      for (const cell of cells) {
        if (!inside(box(cell), box(section))) problems.push(`${list}: the box of “${name(cell)}” leaves its section`);
        for (const part of cell.children) if (!inside(ink(part), box(cell))) problems.push(`${list}: “${name(part)}” runs out of its box`);
      }
      apart(
        cells.flatMap((cell) => [...cell.children]),
        list,
      );
    }

    const region = document.querySelector('[data-testid="batch-items"]');
    if (!region) problems.push('results missing');
    else if (region.scrollWidth > region.clientWidth + 0.5) problems.push(`results scroll sideways: ${region.scrollWidth} in ${region.clientWidth}`);
    document.querySelectorAll('[data-testid="batch-item"]').forEach((row, r) => {
      const cells = [...row.children].filter((cell) => cell.getClientRects().length > 0);
      cells.forEach((cell, c) => {
        if (!inside(ink(cell), box(cell))) problems.push(`row ${r + 1}, column ${c + 1}: “${name(cell)}” runs out of its cell`);
      });
      apart(cells, `row ${r + 1}`);
    });

    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) problems.push('the page scrolls sideways');
    return problems;
  });
}

/** How many lines an element's text takes. */
function lineCount(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

async function startBatch(page: Page, baseURL: string, ids: string[]): Promise<string> {
  const created = await page.request.post('/api/batches', { data: { ids }, headers: { origin: baseURL } });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { batch: { id: string } }).batch.id;
}

test('figures of any length stay inside their boxes, at 375 and 1440 px, in both languages and themes', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const { page, context } = await ownUser(browser, 'finance', baseURL!);
  const id = await startBatch(page, baseURL!, IDS);
  await forEachLook(context, page, baseURL!, async ({ locale, theme, width }) => {
    await page.goto(`/batches/${id}`);
    await expect(page.getByTestId('batch-status')).toHaveText(locale === 'en' ? 'Done' : '已完成', { timeout: 60_000 });
    await expect(page.getByTestId('batch-item')).toHaveCount(IDS.length);
    await expect(page.getByTestId('total-amount')).toHaveText(/^¥[\d,]{22,}\.\d\d$/);
    await page.screenshot({ path: `${SHOTS}/batch-large-${locale}-${width}-${theme}.png`, fullPage: true });
    // Soft: every viewport is measured and photographed, and each one that breaks is named.
    expect.soft(await layoutProblems(page), `${locale} ${width}px ${theme}`).toEqual([]);
  });

  // A 1280 px window: the results table takes the room there is, so "Service-provider order" keeps to one line.
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: baseURL! }]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/batches/${id}`);
  await expect(page.getByTestId('batch-item')).toHaveCount(IDS.length);
  await page.screenshot({ path: `${SHOTS}/batch-large-en-1280-dark.png`, fullPage: true });
  expect.soft(await layoutProblems(page), '1280px').toEqual([]);
  expect(await lineCount(page, '[data-testid="batch-item"]:first-child > td:nth-child(3)'), '“Service-provider order” at 1280 px').toBe(1);
  await context.close();
});

test('a recheck of the needs-attention list is named in the reader’s language', async ({ browser, baseURL }) => {
  const { page, context } = await ownUser(browser, 'finance', baseURL!);
  // An order that needs attention (a refund failed), so the list has something to check again.
  // Not what this test is about: a first lookup on a cold, busy server can pass WECHAT_TIMEOUT_MS, so it may be asked again.
  await expect(async () => {
    const seen = await page.request.get('/api/orders/shop/shop-partial-001');
    expect(seen.status(), await seen.text()).toBe(200);
  }).toPass({ timeout: 20_000 });
  const rechecked = await page.request.post('/api/orders/attention/recheck', { headers: { origin: baseURL!, 'content-type': 'application/json' }, data: {} });
  expect(rechecked.status(), await rechecked.text()).toBe(201);
  const { batch } = (await rechecked.json()) as { batch: { id: string } };
  for (const [locale, title] of [
    ['en', 'Needs attention: checked again'],
    ['zh-CN', '待处理订单复查'],
  ] as const) {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
    await page.goto(`/batches/${batch.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    await page.goto('/batches');
    await expect(page.getByTestId('batch-link').first()).toContainText(title);
  }
  await expect(page.getByTestId('batch-link').first()).not.toContainText('needs attention');
  await context.close();
});
