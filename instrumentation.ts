/**
 * Runs once when the server starts: a missing or malformed setting stops it here, with a
 * message naming the variable, instead of failing on the first lookup.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/server/start');
}
