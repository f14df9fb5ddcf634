import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idFits, isValidOrderId, looksLikeServiceProviderExample, normalisePastedId, recognise } from './ids';

describe('order ids', () => {
  it('validates each kind by characters and length', () => {
    expect(isValidOrderId('service-provider', 'DD2981741311549200000')).toBe(true);
    expect(isValidOrderId('service-provider', 'DD 1')).toBe(false);
    expect(isValidOrderId('service-provider', '')).toBe(false);
    expect(isValidOrderId('shop', '522346')).toBe(true);
    expect(isValidOrderId('shop', 'a_b-c|d*e')).toBe(true);
    expect(isValidOrderId('shop', 'x'.repeat(33))).toBe(false);
    expect(isValidOrderId('shop', 'has space')).toBe(false);
    expect(isValidOrderId('shop', '<script>')).toBe(false);
  });

  it('accepts any service-provider id that is safe to send, and says when one is unlike the example', () => {
    for (const id of ['DD2981741311549200000', 'DD12a', '522346', 'sp-order_1', 'x'.repeat(64)]) {
      expect(isValidOrderId('service-provider', id), id).toBe(true);
    }
    for (const id of ['x'.repeat(65), 'a/b', '../x', 'a.b', 'a?b=1', 'a&b', '%2F', '<script>', 'DD1 OR 1', 'ＤＤ1', 'a|b', 'a*b']) {
      expect(isValidOrderId('service-provider', id), id).toBe(false);
    }
    expect(looksLikeServiceProviderExample('DD2981741311549200000')).toBe(true);
    expect(looksLikeServiceProviderExample('sp-order_1')).toBe(false);
    expect(looksLikeServiceProviderExample('DD12a')).toBe(false);
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

  it('says every kind an id fits: shapes order the guesses, never refuse one (issue 20, item 5)', () => {
    expect(idFits('4302900974202204024351451925')).toEqual({ payId: 'transaction-id', serviceProvider: false, tradeNumber: true });
    expect(idFits('50301901362022040218937476250')).toEqual({ payId: 'refund-id', serviceProvider: false, tradeNumber: true });
    expect(idFits('30000000002024010100000000000032')).toEqual({ payId: 'profit-sharing-id', serviceProvider: false, tradeNumber: true });
    // WeChat Pay's own profit-sharing examples are 28 digits: said to be shaped like one, and still a trade number.
    expect(idFits('3008450740201411110007820472')).toEqual({ payId: 'profit-sharing-id', serviceProvider: false, tradeNumber: true });
    expect(idFits('DD2981741311549200000')).toEqual({ payId: null, serviceProvider: true, tradeNumber: true });
    expect(idFits('522346')).toEqual({ payId: null, serviceProvider: false, tradeNumber: true });
    expect(idFits('DD' + '1'.repeat(40))).toEqual({ payId: null, serviceProvider: true, tradeNumber: false });
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

describe('normalisePastedId', () => {
  it('reads an id pasted from a chat app: grouped, full-width, quoted, with invisible spaces', () => {
    expect(normalisePastedId(' “４３０２ ９００９\u00a07420\u200b2204\u30000243 5145 1925” ')).toBe('4302900974202204024351451925');
    expect(normalisePastedId('ＤＤ２９８１７４１３１１５４９２０００００')).toBe('DD2981741311549200000');
    expect(normalisePastedId('shop-paid-001')).toBe('shop-paid-001');
  });
});
