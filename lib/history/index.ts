import 'server-only';

/**
 * An order's history (issue 24, docs/history.md): every distinct answer WeChat gave for it, kept
 * as a version by every lookup path (lib/lookups/lookup.ts), shown with what changed, and each
 * downloadable as evidence.
 */
export { pruneHistory, recordVersion, vias, type Via } from './store';
export { evidenceAnswer, historyAnswer } from './routes';
export { printableOrder, type Printable } from './print';
