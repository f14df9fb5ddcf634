'use client';

import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCny } from '@/lib/orders/money';
import type { LedgerChartData } from '@/lib/query/ledger-chart-data';

/**
 * Payments and refunds per day as bars, drawn by uPlot (a canvas chart of about 20 KiB gzipped,
 * no dependencies, nothing fetched from anywhere). uPlot itself is imported when the chart
 * first mounts, so it is in no page's first JavaScript, not even the ledger's. Its colours are
 * the page's own (globals.css), read again whenever the theme changes; the legend names each
 * day's figures exactly, from the fen strings.
 */
export default function LedgerChart({ data, labels, locale }: { data: LedgerChartData; labels: { paid: string; refunded: string; day: string }; locale: string }) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = box.current;
    if (!element || width === 0) return;
    let chart: uPlot | null = null;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      element.replaceChildren();
      // On a logarithmic scale a zero has no place: that day has no bar.
      const y = (yuan: number[]) => (data.logScale ? yuan.map((v) => (v > 0 ? v : null)) : yuan);
      chart = new UPlot(options(UPlot, element, data, labels, locale, width), [data.days.map((_, i) => i), y(data.paidYuan), y(data.refundedYuan)], element);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [data, labels, locale, width, theme]);

  return <div ref={box} className="ledger-chart w-full min-w-0" data-theme-version={theme} />;
}

/** A page colour (a CSS variable, possibly `light-dark(…)`) as the canvas can use it, resolved in the element's own theme. */
function colour(element: HTMLElement, variable: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  element.appendChild(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}

/** Changes when the theme does: the person's choice (data-theme on <html>) or, under "System", the system's. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

const AXIS_FONT = '11px system-ui, sans-serif';

function powersOfTen(u: uPlot): number[] {
  const { min = 1, max = 10 } = u.scales.y!;
  const low = Math.ceil(Math.log10(Math.max(min, 1e-2)));
  const high = Math.floor(Math.log10(Math.max(max, 1)));
  const step = Math.max(1, Math.ceil((high - low + 1) / 6));
  const splits: number[] = [];
  for (let p = low; p <= high; p += step) splits.push(10 ** p);
  return splits;
}

function options(UPlot: typeof uPlot, element: HTMLElement, data: LedgerChartData, labels: { paid: string; refunded: string; day: string }, locale: string, width: number): uPlot.Options {
  const fg = colour(element, '--fg');
  const muted = colour(element, '--muted');
  const grid = colour(element, '--border');
  const paid = colour(element, '--info');
  const refunded = colour(element, '--warn');
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const count = data.days.length;
  // Narrow: bars without a gap between the two of a day; wide: a little air.
  const bars = (align: -1 | 1) => UPlot.paths.bars!({ size: [0.4, 24, 1], align, gap: width < 600 ? 0 : 1 });
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: AXIS_FONT };
  // Bars stand on the axis: 0 on a linear scale, the scale's bottom on a logarithmic one.
  const fillTo = (u: uPlot) => (data.logScale ? (u.scales.y!.min ?? 1) : 0);
  const exact = (fen: string[]) => (_: uPlot, __: number | null, ___: number, index: number | null) => (index === null ? '—' : formatCny(fen[index] ?? '0'));
  return {
    width,
    height: width < 600 ? 200 : 260,
    // The x axis is the day's index: days are calendar days in ORDER_DESK_TIMEZONE, not instants to place in the browser's zone.
    scales: {
      x: { time: false, range: () => [-0.5, count - 0.5] },
      y: data.logScale ? { distr: 3, log: 10, range: (_u, min, max) => UPlot.rangeLog(min, max, 10, true) } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        ...axis,
        space: 48,
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && data.days[i] ? data.days[i].slice(5) : '')),
      },
      {
        ...axis,
        // As wide as its longest label (a 64-bit total is "¥92,233T" in English, "¥9.2京" in Chinese).
        size: (u, values) => {
          const longest = (values ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
          u.ctx.font = AXIS_FONT; // measured in CSS pixels: measureText ignores the canvas's scale
          return Math.ceil(u.ctx.measureText(longest).width + 24); // the ticks, the gap and a margin for wider glyphs
        },
        values: (_u, splits) => splits.map((yuan) => (yuan == null ? '' : `¥${compact.format(yuan)}`)),
        // Logarithmic: lines at powers of ten only, at most six of them (uPlot would label 1 to 9 of
        // each), every one labelled (uPlot's own filter blanks those it would not have chosen).
        ...(data.logScale ? { splits: powersOfTen, filter: (_u: uPlot, splits: number[]) => splits } : {}),
      },
    ],
    series: [
      { label: labels.day, value: (_u, index) => (Number.isInteger(index) && data.days[index] ? data.days[index] : '—') },
      { label: labels.paid, stroke: paid, fill: paid, width: 0, paths: bars(-1), points: { show: false }, value: exact(data.paidFen), fillTo },
      { label: labels.refunded, stroke: refunded, fill: refunded, width: 0, paths: bars(1), points: { show: false }, value: exact(data.refundedFen), fillTo },
    ],
    legend: { live: true },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    hooks: {
      // The legend's text follows the page's colour (uPlot's stylesheet leaves it to inherit).
      init: [(u) => void (u.root.style.color = fg)],
    },
  };
}
