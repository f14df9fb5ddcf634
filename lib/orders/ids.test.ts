import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidOrderId, recognise } from './ids';

describe('order ids', () => {
  it('validates each kind by characters and length', () => {
    expect(isValidOrderId('service-provider', 'DD2981741311549200000')).toBe(true);
    expect(isValidOrderId('service-provider', 'DD12a')).toBe(false);
    expect(isValidOrderId('service-provider', '522346')).toBe(false);
    expect(isValidOrderId('shop', '522346')).toBe(true);
    expect(isValidOrderId('shop', 'a_b-c|d*e')).toBe(true);
    expect(isValidOrderId('shop', 'x'.repeat(33))).toBe(false);
    expect(isValidOrderId('shop', 'has space')).toBe(false);
    expect(isValidOrderId('shop', '<script>')).toBe(false);
  });

  it('recognises what staff paste', () => {
    expect(recognise('  "DD2981741311549200000" ')).toEqual({ kind: 'service-provider', id: 'DD2981741311549200000' });
    expect(recognise('522346')).toEqual({ kind: 'shop', id: '522346' });
    expect(recognise('4302900974202204024351451925').kind).toBe('transaction-id');
    expect(recognise('50301901362022040218937476250').kind).toBe('refund-id');
    expect(recognise('30002107912022040228952584675').kind).toBe('profit-sharing-id');
    expect(recognise('   ').kind).toBe('empty');
    expect(recognise('not an id!').kind).toBe('malformed');
  });

  it('never throws on any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (input) => {
        const result = recognise(input);
        if (result.kind === 'service-provider' || result.kind === 'shop') expect(isValidOrderId(result.kind, result.id)).toBe(true);
      }),
    );
  });
});
