/**
 * The round-ownership seam: which process runs an open or closed round's timer, close, audit and
 * final results. On one process every claim succeeds (`localLeases`); on several servers sharing
 * PostgreSQL a lease row decides (db/pg-leases.ts), renewed by its owner and taken over by another
 * server once it lapsed.
 */

export interface RoundLeases {
  /** This process's owner id (random per start). */
  readonly owner: string;
  /**
   * Takes or renews the lease of a round for `owner`: true when this process holds it now (it
   * held it, nobody did, or the holder let it lapse), false while another process holds it.
   */
  claim(roundId: string): Promise<boolean>;
  /** Gives a round's lease up (the round turned final, or the process stops). No-op when not held. */
  release(roundId: string): Promise<void>;
}

/**
 * One process, nothing to share: every claim succeeds.
 * @example const leases = localLeases(); await leases.claim('r1') // true
 */
export function localLeases(owner = 'local'): RoundLeases {
  return { owner, claim: async () => true, release: async () => undefined };
}
