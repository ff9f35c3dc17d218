/**
 * The round-ownership seam as the database implements it: which process runs an open or closed
 * round's timer, close, audit and final results. Declared here, not in server/, so db/ imports
 * nothing from server/; server/round-leases.ts re-exports it with the one-process `localLeases`.
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
