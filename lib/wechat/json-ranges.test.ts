import { describe, expect, it } from 'vitest';
import { elementRanges, memberBytes, topLevelMembers } from './json-ranges';
import { parseJsonExact } from './http';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** Each element of `name`, as the text of its bytes. */
const elements = (json: string | Uint8Array, name = 'orderList') => {
  const bytes = typeof json === 'string' ? utf8(json) : json;
  return elementRanges(bytes, name)?.map((r) => text(bytes.subarray(r.start, r.end))) ?? null;
};

/** A small deterministic random source, so a failure names its seed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('elementRanges', () => {
  it('finds each element of the member byte for byte, spacing inside them kept', () => {
    const body = '{"errcode":0,"errmsg":"ok","total":3,"orderList":[{"orderId":"DD1","price":1} , { "orderId" : "DD2" },\n\t{"orderId":"DD3","list":[1,[2,{"a":[]}]]}]}';
    expect(elements(body)).toEqual(['{"orderId":"DD1","price":1}', '{ "orderId" : "DD2" }', '{"orderId":"DD3","list":[1,[2,{"a":[]}]]}']);
  });

  it('keeps 64-bit numbers, exponents and negatives as sent', () => {
    const body = '{"orderList":[{"price":9223372036854775807,"n":-0.5e+10,"m":18446744073709551615,"z":0,"f":1E-2}]}';
    const [only] = elements(body)!;
    expect(only).toBe('{"price":9223372036854775807,"n":-0.5e+10,"m":18446744073709551615,"z":0,"f":1E-2}');
    expect(parseJsonExact(only!)).toEqual({ price: '9223372036854775807', n: -0.5e10, m: '18446744073709551615', z: 0, f: 0.01 });
  });

  it('reads strings with escapes, brackets, quotes and commas inside them, and unicode as sent', () => {
    const body = '{"orderList":["a\\"],[{", "\\\\", "\\u005d\\u0022", "退款 ✓ 🧾", "\\ud83e\\uddfe", {"k\\"}":"]"}]}';
    expect(elements(body)).toEqual(['"a\\"],[{"', '"\\\\"', '"\\u005d\\u0022"', '"退款 ✓ 🧾"', '"\\ud83e\\uddfe"', '{"k\\"}":"]"}']);
  });

  it('gives exact byte offsets past multi-byte characters', () => {
    const bytes = utf8('{"名":"订单","orderList":[{"描述":"中文"},{"x":"🧾"}]}');
    const ranges = elementRanges(bytes, 'orderList')!;
    expect(ranges.map((r) => text(bytes.subarray(r.start, r.end)))).toEqual(['{"描述":"中文"}', '{"x":"🧾"}']);
    expect(ranges[0]!.start).toBe(utf8('{"名":"订单","orderList":[').byteLength);
  });

  it('finds the member only at the top, by its name as JSON reads it (escapes included)', () => {
    expect(elements('{"order":{"orderList":[1,2]},"orderList":[3]}')).toEqual(['3']);
    expect(elements('{"order\\u004cist":[{"a":1}]}')).toEqual(['{"a":1}']);
    expect(elements('{"order":{"orderList":[1]}}')).toBeNull();
    expect(elements('{"orderList":{"0":1}}')).toBeNull();
    expect(elements('{"orderList":null}')).toBeNull();
    expect(elements('{"orderList":[]}')).toEqual([]);
    expect(elements('{"orderList":[ ]}')).toEqual([]);
  });

  it('skips a leading BOM and surrounding whitespace, as the answer\'s decoder does', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(' \r\n{"orderList":[1]}\t\n')]);
    expect(elements(bytes)).toEqual(['1']);
  });

  it('gives memberBytes of a single member', () => {
    const bytes = utf8('{"errcode":0,"errmsg":"ok","order": {"orderId":"DD1"} }');
    expect(text(memberBytes(bytes, 'order')!)).toBe('{"orderId":"DD1"}');
    expect(memberBytes(bytes, 'nope')).toBeNull();
  });

  it('refuses anything but one well-formed object, and a member name given twice', () => {
    const refused = [
      '',
      ' ',
      '[]',
      '"orderList"',
      '{"orderList":[1]}x',
      '{"orderList":[1]}{}',
      '{"orderList":[1],}',
      '{"orderList":[1,]}',
      '{"orderList":[,1]}',
      '{"orderList":[1 2]}',
      '{"orderList":[01]}',
      '{"orderList":[1.]}',
      '{"orderList":[.5]}',
      '{"orderList":[1e]}',
      '{"orderList":[-]}',
      '{"orderList":[+1]}',
      '{"orderList":[NaN]}',
      '{"orderList":[tru]}',
      '{"orderList":[nul]}',
      '{"orderList":["\\x"]}',
      '{"orderList":["\\u12G4"]}',
      '{"orderList":["\\u12"]}',
      '{"orderList":["a\nb"]}',
      '{"orderList":["unterminated]}',
      '{"orderList":[{"a" 1}]}',
      '{"orderList":[{"a":1,}]}',
      '{"orderList":[{a:1}]}',
      '{"orderList":[{"a":1]]}',
      '{"orderList":[[1}]}',
      "{'orderList':[1]}",
      '{"orderList":[1]',
      '{"orderList":[1],"orderList":[2]}',
      '{"orderList":[1],"order\\u004cist":[2]}',
      '{"orderList"\u00a0:[1]}',
    ];
    for (const body of refused) {
      expect(topLevelMembers(utf8(body)), body).toBeNull();
      expect(elementRanges(utf8(body), 'orderList'), body).toBeNull();
    }
  });

  it('never throws on hostile input: nesting a million deep, cut at every byte, random bytes', () => {
    const deep = utf8(`{"orderList":[${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]}`);
    expect(elementRanges(deep, 'orderList')).toHaveLength(1);
    expect(elementRanges(utf8(`{"orderList":[${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}]}`), 'orderList')).toHaveLength(1);
    expect(elementRanges(utf8(`{"orderList":[${'['.repeat(1_000_000)}]}`), 'orderList')).toBeNull();
    const whole = utf8('{"errcode":0,"total":2,"orderList":[{"orderId":"DD1","p":9223372036854775807,"s":"\\u4e2d\\"x"},{"n":[true,false,null,-1.5e3]}]}');
    for (let cut = 0; cut < whole.byteLength; cut += 1) expect(topLevelMembers(whole.subarray(0, cut))).toBeNull();
    const next = random(24);
    for (let round = 0; round < 5000; round += 1) {
      const bytes = new Uint8Array(1 + Math.floor(next() * 64)).map(() => Math.floor(next() * 256));
      expect(() => topLevelMembers(bytes)).not.toThrow();
    }
  });

  it('agrees with the JSON parser on mutated answers: where both read the bytes, the elements are the parsed ones', () => {
    const base = utf8('{"errcode":0,"errmsg":"ok","total":3,"orderList":[{"orderId":"DD1","price":9223372036854775807,"d":"中\\"文"},{"orderId":"DD2","u":{"used":1,"all":[1,2]}},[]]}');
    const alphabet = utf8('{}[]",:\\ 0123456789-.eEtrufalsn\n');
    const next = random(2026);
    let compared = 0;
    for (let round = 0; round < 20_000; round += 1) {
      const bytes = Uint8Array.from(base);
      for (let m = 0; m < 1 + Math.floor(next() * 2); m += 1) bytes[Math.floor(next() * bytes.length)] = alphabet[Math.floor(next() * alphabet.length)]!;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text(bytes));
      } catch {
        parsed = undefined;
      }
      const members = topLevelMembers(bytes);
      // What the scanner reads, JSON reads too (it never accepts what the parser refuses).
      if (members) expect(parsed, text(bytes)).toBeTypeOf('object');
      const list = (parsed as { orderList?: unknown } | undefined)?.orderList;
      const ranges = members?.get('orderList')?.elements;
      if (ranges && Array.isArray(list)) {
        compared += 1;
        expect(ranges.map((r) => JSON.parse(text(bytes.subarray(r.start, r.end))) as unknown), text(bytes)).toEqual(list);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
