/**
 * What the browser remembers between visits, in localStorage: the player token and host key per
 * join code (so a reload resumes the same identity), and the chosen training backend.
 * Every accessor tolerates a missing or blocked localStorage.
 */
import { BACKENDS, type Backend } from '../../game/spec';
import { BACKEND_CHOICES, type BackendChoice } from '../../game/engine-choice';

const PREFIX = 'tune-arena:';

function read(key: string): string | null {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}
function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch {
    // Storage blocked: the session still works, it just will not survive a reload.
  }
}

/** The player token for a join code (upper-cased), or null. */
export const getPlayerToken = (code: string): string | null => read(`player:${code.toUpperCase()}`);
/** Stores (or with null, forgets) the player token for a join code. */
export const setPlayerToken = (code: string, token: string | null): void => write(`player:${code.toUpperCase()}`, token);
/** The host key for a join code, or null. */
export const getHostKey = (code: string): string | null => read(`host:${code.toUpperCase()}`);
/** Stores the host key for a join code. */
export const setHostKey = (code: string, key: string): void => write(`host:${code.toUpperCase()}`, key);

/** The remembered training backend; wasm by default. */
export function getBackend(): Backend {
  const v = read('backend');
  return (BACKENDS as readonly string[]).includes(v ?? '') ? (v as Backend) : 'wasm';
}
/** Remembers the training backend. */
export const setBackend = (b: Backend): void => write('backend', b);

/** The remembered engine setting of the builder: "auto" (game/engine-choice.ts's rule) by default. */
export function getBackendChoice(): BackendChoice {
  const v = read('backendChoice');
  return (BACKEND_CHOICES as readonly string[]).includes(v ?? '') ? (v as BackendChoice) : 'auto';
}
/** Remembers the builder's engine setting (and, when it names one, the backend itself). */
export function setBackendChoice(c: BackendChoice): void {
  write('backendChoice', c);
  if (c !== 'auto') setBackend(c);
}
