/**
 * `npm start`: builds the web app when no build exists (`.next/BUILD_ID` missing), then starts the
 * server in this process. Building first keeps a fresh clone to one command.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  process.stdout.write('No production build found: running `npm run build` first.\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Telemetry would only try (and fail) to reach the network from a classroom machine.
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const built = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env });
  if (built.status !== 0) {
    process.stderr.write('The build failed; not starting the server.\n');
    process.exit(built.status ?? 1);
  }
}

// main.ts starts itself only when it is the entry point; here it is imported, so call it.
const { runFromEnvironment } = await import('./main');
await runFromEnvironment();
