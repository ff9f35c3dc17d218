/**
 * Selects the tfjs backend that trains and evaluates networks. It is the only module that imports
 * the backend packages, and it imports each one lazily so a page that trains on wasm never
 * downloads WebGL code (and Node never touches the DOM-only parts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Backend } from './spec';

export interface BackendOptions {
  /**
   * URL prefix (ending in `/`) the browser loads the `.wasm` files from, e.g. `/tfjs/`. Leave it
   * out in Node, where the wasm backend reads its files from node_modules.
   */
  wasmPath?: string;
}

// One promise per backend: React StrictMode runs effects twice, and registering a backend twice
// (or racing two setBackend calls) leaves tfjs in a half-initialised state.
const registered = new Map<Backend, Promise<void>>();

async function register(name: Backend, opts: BackendOptions): Promise<void> {
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
 * Registers (once) and selects a tfjs backend, then waits until it is ready.
 * Side effects: changes tfjs's global active backend. Safe to call repeatedly and concurrently.
 * Rejects when the backend cannot start (e.g. no WebGL context).
 * @example await initBackend('wasm', { wasmPath: '/tfjs/' });
 */
export async function initBackend(name: Backend, opts: BackendOptions = {}): Promise<void> {
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
