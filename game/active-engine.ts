/**
 * Which engine `train`, `evaluate` and `predictGrid` run on: game/'s own `js` engine or tfjs (on
 * whatever tfjs backend is active). `initBackend` sets it. No tfjs import, so a page that trains on
 * `js` never loads tfjs through this module.
 */
export type EngineKind = 'js' | 'tfjs';

let active: EngineKind = 'tfjs';

/**
 * Selects the engine. Side effect: module state, like tfjs's own active backend.
 * @example setActiveEngine('js');
 */
export function setActiveEngine(kind: EngineKind): void {
  active = kind;
}

/** The engine the entry points run on now. @example activeEngine() // 'js' after initBackend('js') */
export function activeEngine(): EngineKind {
  return active;
}
