/**
 * Where to go after signing in: only a path on this site. Browsers and URL parsers forgive a
 * lot (`/\t/evil.com` and `/\evil.com` both read as `//evil.com`), so anything with a control
 * character or a backslash, anything whose path still starts with `//` after percent-decoding,
 * and anything over 2048 characters is refused outright; what is left must resolve to this
 * origin. The answer is the resolved path, query and fragment, never the raw value.
 */
const MAX_LENGTH = 2048;
const PLACEHOLDER_ORIGIN = 'http://order-desk.invalid';
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

export function safeReturnTo(value: string | string[] | undefined | null): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || v.length > MAX_LENGTH || !v.startsWith('/') || UNSAFE.test(v)) return '/';
  const path = decodedPath(v.split(/[?#]/, 1)[0]!);
  if (path === undefined || path.startsWith('//') || UNSAFE.test(path)) return '/';
  const resolved = new URL(v, PLACEHOLDER_ORIGIN);
  if (resolved.origin !== PLACEHOLDER_ORIGIN || resolved.pathname.startsWith('//')) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The path with every layer of percent-encoding removed, or undefined if it is not valid. */
function decodedPath(path: string): string | undefined {
  let current = path;
  for (let layer = 0; layer < 5; layer++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}
