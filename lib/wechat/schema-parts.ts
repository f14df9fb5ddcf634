import { z } from 'zod';

/** Optional in the documents; WeChat may also send null. Both read as "absent". */
export const optional = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v): z.output<T> | undefined => v ?? undefined);

/**
 * A 64-bit integer as a decimal string. WeChat sends strings; a number is accepted too, and one
 * beyond 2^53 arrives here already as a string (see parseJsonExact), so no digit is lost.
 */
export const int64 = z
  .union([z.string().regex(/^-?\d+$/, 'expected an integer'), z.number().int()])
  .transform((v) => String(v));

/**
 * An id the documents type as a string. A bare integer is read as its exact decimal text; any
 * other type is refused, naming the field, rather than turned into "null" or "[object Object]".
 */
export const idText = z.union([z.string(), z.number().int()]).transform((v) => String(v));

/** A unix time (seconds or milliseconds, per field). */
export const timestamp = z.number().finite();

/** Every errcode answer: `{errcode, errmsg}`; a success may omit errcode. */
export const envelope = z.object({
  errcode: optional(z.number().int()),
  errmsg: optional(z.string()),
  order: z.unknown().optional(),
});

export function describeIssues(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${[root, ...issue.path].join('.')}: ${issue.message}`)
    .join('; ');
}
