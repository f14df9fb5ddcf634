import type { Bilingual } from '@/lib/errors';

/** Checks a jsonb column's value before it is read as one of the contract's types (the view.ts of lib/batches and lib/order-index, the audit trail). */

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isBilingual = (value: unknown): value is Bilingual => isRecord(value) && typeof value.en === 'string' && typeof value.zh === 'string';
