/**
 * Copies the run-time assets the browser fetches from `public/` (both targets are git-ignored):
 * - the tfjs wasm binaries to `public/tfjs/` (the worker calls `setWasmPaths('/tfjs/')`);
 * - the real data sets in `game/tasks/data/` to `public/datasets/` (the browser's DatasetLoader).
 * Runs before `next build` (`npm run build`). Idempotent; prints what it copied.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function copyMatching(fromDir: string, toDir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(fromDir)) return [];
  mkdirSync(toDir, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(fromDir)) {
    const src = join(fromDir, name);
    if (!statSync(src).isFile() || !keep(name)) continue;
    copyFileSync(src, join(toDir, name));
    copied.push(name);
  }
  return copied;
}

const wasm = copyMatching(
  join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
  join(root, 'public/tfjs'),
  (n) => n.endsWith('.wasm'),
);
if (wasm.length === 0) {
  console.error('prepare-assets: no tfjs wasm binaries found; is @tensorflow/tfjs-backend-wasm installed?');
  process.exit(1);
}
const datasets = copyMatching(join(root, 'game/tasks/data'), join(root, 'public/datasets'), (n) => !n.startsWith('.'));
console.log(`prepare-assets: ${wasm.length} wasm file(s) -> public/tfjs, ${datasets.length} dataset file(s) -> public/datasets`);
