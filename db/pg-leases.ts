/**
 * Round leases in PostgreSQL (table `round_leases`, db/pg-schema.ts): one row per round naming
 * its owner and when the lease lapses. Time is the database's own clock, so servers whose clocks
 * disagree still agree on who holds a lease. A claim is one statement (insert, or update when the
 * caller already holds the row or it lapsed), so two servers claiming at once cannot both win.
 */
import type pg from 'pg';
import type { RoundLeases } from './leases';

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * @param ttlMs how long a claim holds without renewal; the owner renews well before (a third of it).
 * @example const leases = pgLeases(store.opened.pool, 'srv-a1b2', 10_000); if (await leases.claim(roundId)) armTimer();
 */
export function pgLeases(pool: pg.Pool, owner: string, ttlMs: number): RoundLeases {
  return {
    owner,
    async claim(roundId) {
      const r = await pool.query(
        `INSERT INTO round_leases (round_id, owner, expires_at_ms) VALUES ($1, $2, ${NOW_MS} + $3)
         ON CONFLICT (round_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at_ms = EXCLUDED.expires_at_ms
         WHERE round_leases.owner = EXCLUDED.owner OR round_leases.expires_at_ms < ${NOW_MS}
         RETURNING owner`,
        [roundId, owner, ttlMs],
      );
      return r.rowCount === 1;
    },
    async release(roundId) {
      await pool.query('DELETE FROM round_leases WHERE round_id = $1 AND owner = $2', [roundId, owner]);
    },
  };
}
