import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import type { LedgerAnswer, LedgerDayView, LedgerOrdersAnswer } from '../lib/api/contract';
import type { SyncAnswer } from '../lib/api/sync-contract';
import { formatCny } from '../lib/orders/money';
import { expect, hydrated, ownUser, test } from './fixtures';
import { forEachLook, installLayoutKit } from './layout';

/**
 * The day ledger (/ledger, issue 23) as finance sees it: the figures on the page are the ones
 * GET /api/ledger answered that very page (its own response, read in the test: sync may add
 * orders between two requests), a figure's orders add up to it, the CSV holds the same days, and
 * support is refused. Sync fills the ledger in the demo the suite runs on (scripts/demo.ts turns
 * it on); each test has a user of its own and reads only what it asked for.
 */

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/screenshots';

/** Opens /ledger (with `query`) and returns the answer of the page's own GET /api/ledger. */
async function openLedger(page: Page, query = ''): Promise<LedgerAnswer> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ledger' && r.request().method() === 'GET', { timeout: 120_000 });
  await page.goto(`/ledger${query}`);
  const response = await answered;
  expect(response.status(), await response.text()).toBe(200);
  const answer = (await response.json()) as LedgerAnswer;
  await expect(page.getByTestId('ledger')).toBeVisible({ timeout: 60_000 });
  return answer;
}

/** A figure as the page writes it: formatCny, with no break opportunities (<wbr>) in the text. */
const cny = (fen: string) => formatCny(fen);

test('finance sees the ledger GET /api/ledger answered, a figure’s orders and the CSV; the chart is labelled', async ({ browser, baseURL }) => {
  test.setTimeout(480_000);
  const { page, context } = await ownUser(browser, 'finance', baseURL!);

  // Sync lists the simulator's orders of the last 31 days at the demo's start: wait until its first run of every source is done.
  await expect
    .poll(
      async () => {
        const sync = (await (await page.request.get('/api/sync')).json()) as SyncAnswer;
        return sync.sources.filter((s) => s.enabled && s.lastRun?.finishedAt == null).map((s) => s.source);
      },
      { timeout: 300_000, intervals: [3_000] },
    )
    .toEqual([]);

  await page.goto('/');
  await expect(page.getByTestId('nav-ledger')).toHaveText('Ledger');
  const answer = await openLedger(page);

  // The range: the last 30 days, every shop, days in the display zone.
  expect(answer.days.length).toBe(30 * answer.shops.length);
  await expect(page.getByTestId('ledger-range-shown')).toHaveText(`${answer.from} to ${answer.to}, days in ${answer.timezone}`);

  // Totals, exactly as answered.
  await expect(page.getByTestId('ledger-totals-paid')).toHaveText(cny(answer.totals.paidFen));
  await expect(page.getByTestId('ledger-totals-refunded')).toHaveText(cny(answer.totals.refundedFen));
  await expect(page.getByTestId('ledger-totals-refund-in-progress')).toHaveText(cny(answer.totals.refundInProgressFen));
  await expect(page.getByTestId('ledger-totals-shared')).toHaveText(cny(answer.totals.sharedFen));
  await expect(page.getByTestId('ledger-totals-net')).toHaveText(cny(answer.totals.netFen));
  await expect(page.getByTestId('ledger-totals-paid-count')).toHaveText(`${answer.totals.paidCount.toLocaleString('en-US')} ${answer.totals.paidCount === 1 ? 'order' : 'orders'}`);

  // Every row: its day, and each figure as answered.
  const rows = page.getByTestId('ledger-days').locator('tbody > tr');
  await expect(rows).toHaveCount(answer.days.length);
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const text = (id: string) => (tr.querySelector(`[data-testid="${id}"]`)?.querySelector('.font-mono')?.textContent ?? tr.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
      return {
        day: tr.querySelector('[data-testid="row-day"]')?.textContent,
        paid: text('figure-paid'),
        refunded: text('figure-refunded'),
        inProgress: text('figure-refund-in-progress'),
        shared: text('figure-shared'),
        net: tr.querySelector('[data-testid="row-net"]')?.textContent,
        completeness: tr.querySelector('[data-testid="completeness"]')?.getAttribute('data-state'),
      };
    }),
  );
  expect(shown).toEqual(
    answer.days.map((d: LedgerDayView) => ({
      day: d.day,
      paid: cny(d.paidFen),
      refunded: cny(d.refundedFen),
      inProgress: cny(d.refundInProgressFen),
      shared: cny(d.sharedFen),
      net: cny(d.netFen),
      completeness: d.completeness.state,
    })),
  );
  // A synced day says when, with the zone's offset.
  const synced = answer.days.find((d) => d.completeness.state === 'synced');
  if (synced) await expect(page.getByTestId('completeness').and(page.locator('[data-state="synced"]')).first()).toHaveText(/^Synced at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT[+-]\d+$/);
  await expect(page.getByTestId('ledger-refresh-caveat')).toContainText(`${answer.days[0]!.completeness.refreshDays} days`);

  // The chart is drawn, and labelled for those who cannot see it.
  const chartLabel = `Bar chart of payments and refunds per day from ${answer.from} to ${answer.to}, the shops shown added up. The table below gives the same figures.`;
  expect(await page.getByTestId('ledger-chart').getAttribute('aria-label')).toMatch(new RegExp(`^${chartLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( Logarithmic scale: .+)?$`));
  await expect(page.getByTestId('ledger-chart').locator('canvas').first()).toBeVisible({ timeout: 60_000 });

  // A click on a day's payments lists its orders; they add up to the figure, each links to its order page.
  const day = answer.days.find((d) => d.paidCount > 0)!;
  const ordersAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ledger/orders');
  await page.locator(`[data-testid="figure-paid"][data-day="${day.day}"][data-shop="${day.shop}"]`).click();
  const first = (await (await ordersAnswered).json()) as LedgerOrdersAnswer;
  const panel = page.getByTestId('ledger-orders');
  await expect(panel.getByRole('heading')).toContainText(`Payments · ${day.day}`);
  await expect(panel.getByTestId('ledger-order-link')).toHaveCount(first.items.length);
  const items = [...first.items];
  let cursor = first.nextCursor;
  while (cursor) {
    const more = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ledger/orders' && new URL(r.url()).searchParams.get('cursor') === cursor);
    await panel.getByTestId('ledger-orders-more').click();
    const next = (await (await more).json()) as LedgerOrdersAnswer;
    items.push(...next.items);
    cursor = next.nextCursor;
    await expect(panel.getByTestId('ledger-order-link')).toHaveCount(items.length);
  }
  await expect(panel.getByTestId('ledger-orders-more')).toHaveCount(0);
  expect(items.length).toBe(day.paidCount);
  expect(items.reduce((sum, o) => sum + BigInt(o.amountFen), 0n).toString()).toBe(day.paidFen);
  await expect(panel.getByTestId('ledger-order-amount').first()).toHaveText(cny(items[0]!.amountFen));
  const link = panel.getByTestId('ledger-order-link').first();
  await expect(link).toHaveText(items[0]!.orderId);
  await expect(link).toHaveAttribute('href', new RegExp(`^/orders/shop/${encodeURIComponent(items[0]!.orderId)}(\\?shop=${day.shop})?$`));

  // The CSV of the days shown: every day and shop, with the figures answered (today's aside: sync's next window may add to it).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-csv-days').click()]);
  expect(download.suggestedFilename()).toBe(`order-desk-ledger-${answer.from}-${answer.to}.csv`);
  const records = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
  const dayColumn = `Day (${answer.timezone})`;
  for (const d of answer.days.filter((x) => x.day !== answer.to)) {
    const line = records.find((r) => r[dayColumn] === d.day && r.Shop === d.shop);
    expect(line, `${d.day} ${d.shop} in the CSV`).toBeDefined();
    expect([line!['Paid (count)'], line!['Paid (fen)'], line!['Refunded (fen)'], line!['Shared (fen)'], line!['Net (paid − refunded) (fen)']]).toEqual([String(d.paidCount), d.paidFen, d.refundedFen, d.sharedFen, d.netFen]);
  }
  await context.close();
});

test('support gets the 403 page and no Ledger link', async ({ browser }) => {
  const context = await browser.newContext({ storageState: 'e2e/.auth/support.json' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await expect(page.getByTestId('nav-ledger')).toHaveCount(0);
  const response = await page.goto('/ledger');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('support');
  expect((await page.request.get('/api/ledger')).status()).toBe(403);
  await context.close();
});

/** What runs out of its box or into a neighbour on the ledger page: a list of findings, empty when it is sound. */
async function layoutProblems(page: Page): Promise<string[]> {
  await installLayoutKit(page);
  return page.evaluate(() => {
    const problems: string[] = [];
    const { ink, box, inside, overlap, name } = window.layoutKit;

    // Totals and the other figure boxes: each figure inside its box, the boxes clear of each other.
    for (const dl of document.querySelectorAll('[data-testid="ledger"] dl')) {
      const cells = [...dl.children];
      for (const cell of cells) for (const part of cell.children) if (!inside(ink(part), box(cell))) problems.push(`“${name(part)}” runs out of its box`);
      cells.forEach((a, i) => cells.slice(i + 1).forEach((b) => overlap(box(a), box(b)) && problems.push(`“${name(a)}” runs into “${name(b)}”`)));
    }
    // The tables: no sideways scroll; in each row every cell's text inside the cell, clear of the next.
    for (const region of document.querySelectorAll('[data-testid="ledger-days"], [data-testid="ledger-purchase-days"], [data-testid="ledger-order-list"]')) {
      if (region.scrollWidth > region.clientWidth + 0.5) problems.push(`${name(region)} scrolls sideways: ${region.scrollWidth} in ${region.clientWidth}`);
      region.querySelectorAll('tbody > tr').forEach((row, r) => {
        const cells = [...row.children].filter((cell) => cell.getClientRects().length > 0);
        cells.forEach((cell, c) => {
          if (!inside(ink(cell), box(cell))) problems.push(`${name(region)} row ${r + 1}, column ${c + 1}: “${name(cell)}” runs out of its cell`);
        });
        cells.forEach((a, i) => cells.slice(i + 1).forEach((b) => overlap(ink(a), ink(b)) && problems.push(`${name(region)} row ${r + 1}: “${name(a)}” runs into “${name(b)}”`)));
      });
    }
    const chart = document.querySelector('[data-testid="ledger-chart"]');
    const canvas = chart?.querySelector('canvas');
    if (!canvas) problems.push('the chart is not drawn');
    else if (!inside(box(canvas), box(chart!.closest('section')!))) problems.push('the chart leaves its section');
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) problems.push('the page scrolls sideways');
    return problems;
  });
}

/** The page is React's once its figure buttons carry React's props (they do nothing before). */
async function ledgerHydrated(page: Page) {
  await hydrated(page, 'ledger');
  await expect(page.getByTestId('ledger-chart').locator('canvas').first()).toBeVisible({ timeout: 60_000 });
}

test('the ledger keeps every figure in its box, 64-bit ones too, at 375 and 1440 px, in both languages and themes', async ({ browser, baseURL }) => {
  test.setTimeout(600_000);
  const { page, context } = await ownUser(browser, 'finance', baseURL!);
  // The simulator's largest figures: a purchase of 2^63-1 fen and a shop order of 2^53+1 fen, paid on the fixtures' day.
  for (const path of ['/api/orders/service-provider/DD1000000000000000010', '/api/orders/shop/shop-big-001']) expect((await page.request.get(path)).status()).toBe(200);
  await forEachLook(context, page, baseURL!, async ({ locale, theme, width }) => {
    // The last 30 days: the screenshots docs/ledger.md shows.
    await openLedger(page);
    await ledgerHydrated(page);
    await page.screenshot({ path: `${SHOTS}/ledger-${locale === 'en' ? 'en' : 'zh'}-${theme}-${width}.png`, fullPage: true });
    expect.soft(await layoutProblems(page), `last 30 days, ${locale} ${width}px ${theme}`).toEqual([]);
    // The fixtures' days (November 2023, China time), with the 64-bit figures and their orders.
    const big = await openLedger(page, '?range=custom&from=2023-11-14&to=2023-11-16');
    expect(BigInt(big.purchases.fen)).toBeGreaterThanOrEqual(2n ** 63n - 1n);
    await ledgerHydrated(page);
    await page.getByTestId('figure-purchases').first().click();
    await expect(page.getByTestId('ledger-order-link').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/ledger-64bit-${locale}-${theme}-${width}.png`, fullPage: true });
    expect.soft(await layoutProblems(page), `64-bit days, ${locale} ${width}px ${theme}`).toEqual([]);
  });
  await context.close();
});
