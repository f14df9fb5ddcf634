/**
 * A message whose values are known only in the browser (the id someone typed), without the i18n
 * runtime there: the server formats it with each such value left as a slot (`slots`), so
 * plurals, selects and the language's word order are settled where the messages are; the
 * browser puts the values in (`fill`). A value must be a plain `{name}` argument of the message:
 * one a plural or select depends on cannot be left open (lib/text/slots.test.ts checks every
 * message formatted so).
 */
const MARK = '\uE000';

/** The values to format a message with on the server: each named value left as its slot. */
export function slots<N extends string>(...names: N[]): Record<N, string> {
  return Object.fromEntries(names.map((name) => [name, `${MARK}${name}${MARK}`])) as Record<N, string>;
}

/** A message formatted with `slots`, its slots filled in; a slot without a value is left empty. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(new RegExp(`${MARK}(\\w+)${MARK}`, 'g'), (_, name: string) => values[name] ?? '');
}
