/**
 * `npm test`: type-check, then the unit, integration and browser (e2e) suites in that order.
 * Runs them one after another because the machine has 2 cores, and stops at the first failure.
 * Extra arguments are passed to every vitest run (e.g. `npm test -- -t xor`).
 */
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const steps: { name: string; cmd: string; args: string[] }[] = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'unit', cmd: 'npx', args: ['vitest', 'run', '--project', 'unit', ...extra] },
  { name: 'integration', cmd: 'npx', args: ['vitest', 'run', '--project', 'integration', ...extra] },
  { name: 'e2e', cmd: 'npx', args: ['vitest', 'run', '--project', 'e2e', ...extra] },
];

const only = process.env.TEST_STEPS?.split(',');
let passed = 0;
for (const step of steps) {
  if (only && !only.includes(step.name)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${step.name} failed (exit ${r.status}) after ${secs}s ===`);
    process.exit(r.status ?? 1);
  }
  passed++;
  console.log(`=== ${step.name} passed in ${secs}s ===`);
}
console.log(`\nall ${passed} test steps passed`);
