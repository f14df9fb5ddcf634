import { InvalidEnvError, serverEnv } from './server';

try {
  serverEnv();
} catch (error) {
  if (!(error instanceof InvalidEnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Settings are valid: migrate the database and ensure the configured accounts before serving.
const { databaseReady } = await import('@/lib/db');
const { seedAccounts } = await import('@/lib/auth/seed-accounts');
try {
  await databaseReady();
  await seedAccounts();
} catch (error) {
  console.error('Order Desk could not prepare its database:', error);
  process.exit(1);
}
