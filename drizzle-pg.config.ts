/**
 * drizzle-kit configuration for PostgreSQL: `npm run db:generate:pg` diffs `db/pg-schema.ts`
 * against the committed snapshots and writes a new SQL migration into `db/pg-migrations`
 * (applied at start-up by `db/pg-open.ts`). The SQLite schema has its own config
 * (drizzle.config.ts) and folder.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg-schema.ts',
  out: './db/pg-migrations',
});
