import { defineConfig } from 'drizzle-kit';

/** `npx drizzle-kit generate` writes SQL migrations to drizzle/; the server applies them at start. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './drizzle',
});
