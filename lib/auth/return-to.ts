/** Only a path on this site: never `//host` or a full URL, so sign-in cannot bounce elsewhere. */
export function safeReturnTo(value: string | string[] | undefined | null): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/';
}
