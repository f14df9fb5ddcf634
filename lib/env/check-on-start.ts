import { InvalidEnvError, serverEnv } from './server';

try {
  serverEnv();
} catch (error) {
  if (!(error instanceof InvalidEnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
