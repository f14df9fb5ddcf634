/**
 * Runs once when the server starts: a missing or malformed setting stops it here, with a
 * message naming the variable, instead of failing on the first lookup.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { serverEnv, InvalidEnvError } = await import('@/lib/env/server');
  try {
    serverEnv();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
