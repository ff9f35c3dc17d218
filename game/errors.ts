/**
 * The base of game/'s input errors: each subclass carries a stable `code`, so callers tell them
 * apart without parsing messages. Branch on `code` (or instanceof), not on `name`: `name` is the
 * class name, which a minified browser bundle may shorten.
 * @example class GridSpecError extends GameInputError { readonly code = 'BAD_GRID' as const; }
 */
export abstract class GameInputError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
