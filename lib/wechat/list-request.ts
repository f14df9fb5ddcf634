/**
 * Both list APIs' documented limits (docs/wechat-api.md, "Listing orders"), checked before a
 * request is sent: breaking one is a bug in the caller, so it is thrown as a programming error
 * (never an AppError a page would show) and nothing goes to WeChat.
 */
export class ListRequestRefused extends Error {
  override readonly name = 'ListRequestRefused';
}

/** A whole number in [min, max], or the request is refused naming the field. */
export function requireWhole(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new ListRequestRefused(`${field} must be a whole number ${range}, not ${String(value)}`);
  }
  return value;
}

/** A non-empty string when required, or absent; otherwise the request is refused naming the field. */
export function requireText(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new ListRequestRefused(`${field} must be a non-empty string, not ${JSON.stringify(value)}`);
  return value;
}
