/**
 * `npm test`: type-check, then the unit, integration and browser (e2e) suites in that order.
 * Runs them one after another because the machine has 2 cores, and stops at the first failure.
 * Extra arguments are passed to every vitest run (e.g. `npm test -- -t xor`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const extra = process.argv.slice(2);
const REPORTS = 'tests/artifacts/reports';
mkdirSync(REPORTS, { recursive: true });
// Each vitest run also writes a JSON report, so the last line can count tests, not steps.
const vitest = (project: string) => [
  'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json',
  `--outputFile.json=${REPORTS}/${project}.json`, ...extra,
];
const steps: { name: string; cmd: string; args: string[]; report?: string }[] = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'unit', cmd: 'npx', args: vitest('unit'), report: `${REPORTS}/unit.json` },
  { name: 'integration', cmd: 'npx', args: vitest('integration'), report: `${REPORTS}/integration.json` },
  { name: 'e2e', cmd: 'npx', args: vitest('e2e'), report: `${REPORTS}/e2e.json` },
];
// Real processes on PostgreSQL and Redis (tests/distributed): only where both are configured, as
// .ci/run does; elsewhere the line below says they did not run (README "The two commands").
if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
  steps.splice(3, 0, { name: 'distributed', cmd: 'npx', args: vitest('distributed'), report: `${REPORTS}/distributed.json` });
} else {
  console.log('distributed tests not run: set TEST_DATABASE_URL and TEST_REDIS_URL (README "The two commands")');
}
const totals = { passed: 0, failed: 0 };
function count(report: string | undefined): void {
  if (!report || !existsSync(report)) return;
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
}

const only = process.env.TEST_STEPS?.split(',');
let passed = 0;
for (const step of steps) {
  if (only && !only.includes(step.name)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${step.name} ===`);
  if (step.report) rmSync(step.report, { force: true });
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  count(step.report);
  if (r.status !== 0) {
    console.error(`\n=== ${step.name} failed (exit ${r.status}) after ${secs}s ===`);
    console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
    process.exit(r.status ?? 1);
  }
  passed++;
  console.log(`=== ${step.name} passed in ${secs}s ===`);
}
console.log(`\nall ${passed} test steps passed`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
// A full run that executed no test is a broken setup, not a green one.
if (!only && extra.length === 0 && totals.passed === 0) process.exit(1);
