import type { BrowserContext, Page } from '@playwright/test';

/** Where laid-out boxes are, in the page: what the layout checks of the specs measure with. */
export interface LayoutKit {
  /** Where an element's text really is: its line boxes, which can reach past the element's own box. */
  ink(element: Element): DOMRect;
  box(element: Element): DOMRect;
  /** `a` within `b` (half a pixel of rounding allowed). */
  inside(a: DOMRect, b: DOMRect): boolean;
  overlap(a: DOMRect, b: DOMRect): boolean;
  /** An element as a finding names it: its test id, or the start of its text. */
  name(element: Element): string;
}

declare global {
  interface Window {
    layoutKit: LayoutKit;
  }
}

/** Puts the kit on the page's window (again after each navigation), for the page.evaluate that measures. */
export async function installLayoutKit(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.layoutKit = {
      ink: (element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return range.getBoundingClientRect();
      },
      box: (element) => element.getBoundingClientRect(),
      inside: (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5,
      overlap: (a, b) => a.width > 0 && b.width > 0 && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5,
      name: (element) => element.getAttribute('data-testid') ?? (element.textContent ?? '').trim().slice(0, 40),
    };
  });
}

export interface Look {
  locale: 'en' | 'zh-CN';
  theme: 'light' | 'dark';
  width: 375 | 1440;
}

/** Each language, theme and width a layout is checked at (cookies and viewport set), in turn. */
export async function forEachLook(context: BrowserContext, page: Page, baseURL: string, check: (look: Look) => Promise<void>): Promise<void> {
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await context.addCookies([
        { name: 'NEXT_LOCALE', value: locale, url: baseURL },
        { name: 'theme', value: theme, url: baseURL },
      ]);
      for (const width of [375, 1440] as const) {
        await page.setViewportSize({ width, height: 900 });
        await check({ locale, theme, width });
      }
    }
  }
}
