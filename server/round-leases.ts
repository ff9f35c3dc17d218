/**
 * The round-ownership seam: which process runs an open or closed round's timer, close, audit and
 * final results. On one process every claim succeeds (`localLeases`); on several servers sharing
 * PostgreSQL a lease row decides (db/pg-leases.ts), renewed by its owner and taken over by another
 * server once it lapsed.
 */

import type { RoundLeases } from '../db/leases';

export type { RoundLeases };

/**
 * One process, nothing to share: every claim succeeds.
 * @example const leases = localLeases(); await leases.claim('r1') // true
 */
export function localLeases(owner = 'local'): RoundLeases {
  return { owner, claim: async () => true, release: async () => undefined };
}
