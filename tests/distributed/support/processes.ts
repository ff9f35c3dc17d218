/**
 * Real processes for the distributed tests: web servers (`server/main.ts`) and verification
 * workers (`server/worker-main.ts`) started as children with their own environment, their output
 * kept line by line so a test can wait for a line (an event, never a sleep), and SIGKILL as a
 * crash. Every child is killed when the file's suite ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface Child {
  name: string;
  proc: ChildProcess;
  lines: string[];
  /** Resolves with the first line (already printed or to come) matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves once the process exited. */
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** CPU time (user + system) the process has used so far, seconds; NaN where /proc is missing or it exited. */
  cpuSeconds(): number;
}

/** How a child is started beyond its environment. */
export interface StartOptions {
  /** Node options before the script, e.g. `['--cpu-prof', '--cpu-prof-dir', dir]` (bench profiles). */
  nodeArgs?: string[];
}

/** utime + stime of a Linux process from /proc/<pid>/stat, in seconds. */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const children: Child[] = [];

function start(name: string, script: string, env: Record<string, string>, opts: StartOptions = {}): Child {
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (process.env.TEST_CLUSTER_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
      for (const w of watchers.splice(0)) {
        if (w.re.test(line)) w.resolve(line);
        else watchers.push(w);
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = {
    name,
    proc,
    lines,
    exited,
    waitForLine(re, timeoutMs = 120_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${re} within ${timeoutMs} ms; last: ${lines.slice(-5).join(' | ')}`)), timeoutMs);
        watchers.push({
          re,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
    cpuSeconds: () => cpuSecondsOf(proc.pid),
  };
  children.push(child);
  return child;
}

/** Starts a protocol-only web server on a random port and resolves with its url once it listens. */
export async function startServerProcess(name: string, env: Record<string, string>, opts: StartOptions = {}): Promise<Child & { url: string }> {
  const child = start(name, 'server/main.ts', { PORT: '0', TUNE_ARENA_NO_NEXT: '1', ...env }, opts);
  const line = await Promise.race([
    child.waitForLine(/listening on http:\/\/localhost:\d+/),
    child.exited.then(() => {
      throw new Error(`${name} exited before listening: ${child.lines.join(' | ')}`);
    }),
  ]);
  const port = /localhost:(\d+)/.exec(line)?.[1];
  return Object.assign(child, { url: `http://localhost:${port}` });
}

/** Starts a verification worker process and resolves once it consumes the queue. */
export async function startWorkerProcess(name: string, env: Record<string, string>): Promise<Child> {
  const child = start(name, 'server/worker-main.ts', env);
  await child.waitForLine(/verification worker: \d+ threads/);
  return child;
}

/** SIGKILLs every child still running (suite teardown). */
export async function killAll(): Promise<void> {
  await Promise.all(children.splice(0).map((c) => c.kill('SIGKILL')));
}

/** Empties the Redis database the test uses (queues, adapter streams, sessions of earlier runs). */
export async function flushRedis(url: string): Promise<void> {
  const r = new Redis(url);
  try {
    await r.flushdb();
  } finally {
    r.disconnect();
  }
}
