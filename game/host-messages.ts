/**
 * The sentences of the host controls' refusals (issue 8), shared by the server, which answers
 * them with CONFLICT, and the UI, which recognises them to show its own translation instead of
 * the generic CONFLICT text. Pure and isomorphic.
 */

/** A nickname join while the host has locked the lobby (`tournament:lock`). */
export const LOCKED_MESSAGE = 'The host has locked this tournament; no new players can join.';

/** A nickname join from an address a "block rejoining" kick keeps out. */
export const BLOCKED_MESSAGE =
  'The host removed a player from this address and blocked rejoining; ask the host if this is a mistake.';
