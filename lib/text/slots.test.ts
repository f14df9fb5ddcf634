import { readFileSync } from 'node:fs';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { fill, slots } from './slots';

const locales = ['en', 'zh-CN'] as const;
const messagesOf = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Every message as `namespace.key` and its ICU text. */
function flatten(tree: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value as Record<string, unknown>, `${prefix}${key}.`)));
}

/** The arguments of a message that uses each only as a plain `{name}` (no plural, select, number or date), or null if it has another kind. */
function plainArguments(message: string): string[] | null {
  if (/\{\s*\w+\s*,/.test(message)) return null;
  return [...new Set([...message.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1]!))];
}

/** What the pages format on the server with slots, to fill in the browser. */
const slotted: Record<string, string[]> = {
  'search.detected': ['kind'],
  'search.malformed': ['id'],
  'search.malformedForKind': ['id', 'kind'],
  'search.unlikeExample': ['id'],
  'apiKeys.newKeyTitle': ['name'],
};

// Values a person may type: quotes, `$&` (a replacement pattern), braces, a backslash, CJK.
const awkward = ['DD2981741311549200000', '$& $1 {id} \\ “x” <b>', '订单 1'];

describe('messages formatted with slots and filled in', () => {
  for (const locale of locales) {
    const messages = messagesOf(locale);
    const t = createTranslator({ locale, messages }) as unknown as (key: string, values: Record<string, string>) => string;
    it(`read exactly as formatted with the values, for every plain message (${locale})`, () => {
      let checked = 0;
      for (const [key, message] of flatten(messages)) {
        const names = plainArguments(message);
        if (!names || names.length === 0) continue;
        for (const value of awkward) {
          const values = Object.fromEntries(names.map((name, i) => [name, `${value}${i}`]));
          expect(fill(t(key, slots(...names)), values), key).toBe(t(key, values));
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
    });

    it(`are plain arguments in every message the pages slot (${locale})`, () => {
      const all = new Map(flatten(messages));
      for (const [key, names] of Object.entries(slotted)) {
        expect(all.has(key), key).toBe(true);
        expect(plainArguments(all.get(key)!), key).toEqual(expect.arrayContaining(names));
      }
    });
  }

  it('leave a slot with no value empty, and touch nothing else', () => {
    expect(fill(`a ${slots('id').id} b ${slots('kind').kind}`, { id: 'X' })).toBe('a X b ');
    expect(fill('no slots {id}', { id: 'X' })).toBe('no slots {id}');
  });
});
