/**
 * drizzle-kit configuration: `npm run db:generate` diffs `db/schema.ts` against the committed
 * snapshots and writes a new SQL migration into `db/migrations` (applied by `db/open.ts`).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
