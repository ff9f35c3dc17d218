/**
 * Selects the engine that trains and evaluates networks: game/'s own `js` engine, or a tfjs
 * backend. It is the only module that imports the tfjs backend packages, and it imports each one
 * lazily so a page that trains on wasm never downloads WebGL code (and Node never touches the
 * DOM-only parts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setActiveEngine } from './active-engine';
import type { Backend, TfjsBackend } from './spec';

export interface BackendOptions {
  /**
   * URL prefix (ending in `/`) the browser loads the `.wasm` files from, e.g. `/tfjs/`. Leave it
   * out in Node, where the wasm backend reads its files from node_modules.
   */
  wasmPath?: string;
}

// One promise per backend: React StrictMode runs effects twice, and registering a backend twice
// (or racing two setBackend calls) leaves tfjs in a half-initialised state.
const registered = new Map<TfjsBackend, Promise<void>>();

async function register(name: TfjsBackend, opts: BackendOptions): Promise<void> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The threaded build spawns its own bundled Worker, which breaks under Next and gains
    // nothing for networks this small; single-threaded wasm is also what the server replays.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (opts.wasmPath !== undefined) wasm.setWasmPaths(opts.wasmPath);
  } else {
    await import('@tensorflow/tfjs-backend-webgl');
  }
}

/**
 * Selects the engine for `train`, `evaluate` and `predictGrid`: `'js'` (game/engine, nothing to
 * load) or a tfjs backend, which it registers (once), selects and waits for.
 * Side effects: the active engine (active-engine.ts) and, for tfjs, tfjs's global backend. Safe to
 * call repeatedly and concurrently. Rejects when a tfjs backend cannot start (e.g. no WebGL).
 * @example await initBackend('wasm', { wasmPath: '/tfjs/' }); await initBackend('js');
 */
export async function initBackend(name: Backend, opts: BackendOptions = {}): Promise<void> {
  if (name === 'js') {
    setActiveEngine('js');
    return;
  }
  setActiveEngine('tfjs');
  let pending = registered.get(name);
  if (pending === undefined) {
    pending = register(name, opts);
    registered.set(name, pending);
    // A failed import may succeed later (e.g. a flaky network in the browser): allow a retry.
    pending.catch(() => registered.delete(name));
  }
  await pending;
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`tfjs backend '${name}' failed to initialise`);
  }
  await tf.ready();
}
