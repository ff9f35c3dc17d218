/**
 * e2e global setup: copies the run-time assets (always; cheap) and builds the Next app when
 * `.next/BUILD_ID` is missing or older than any file under app/, game/ or next.config.js, so the
 * browser tests never run against a stale bundle. Side effects: writes public/tfjs,
 * public/datasets and .next/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit ${r.status}`);
}

/** Whether the build is missing or older than its sources. Exported for the benchmark. */
export function buildIsStale(): boolean {
  const buildId = join(ROOT, '.next/BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = Math.max(newestMtime(join(ROOT, 'app')), newestMtime(join(ROOT, 'game')), newestMtime(join(ROOT, 'next.config.js')));
  return sources > built;
}

export default function setup(): void {
  if (buildIsStale()) {
    console.log('[e2e] building the app (npm run build)…');
    run('npm', ['run', 'build']);
  } else {
    run('node', ['--import', 'tsx', 'scripts/prepare-assets.ts']);
  }
}
