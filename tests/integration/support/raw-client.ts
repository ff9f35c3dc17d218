/**
 * Hostile-client tools: a raw engine.io/socket.io client over a plain WebSocket (it sends frames
 * no well-behaved socket.io client would), a server in a child process (so its RSS is its own),
 * and a timed `/api/health` probe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface RawSocket {
  ws: WebSocket;
  /** Resolves when the server (or we) closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
  /** Sends a socket.io text packet (without the engine.io `4` prefix). */
  packet(text: string): void;
  /** Resolves once every byte we queued has left this process. */
  drained(): Promise<void>;
}

/**
 * Opens a WebSocket to engine.io, completes the socket.io namespace connect with `auth`, and
 * answers pings. Headers (e.g. x-forwarded-for) are sent with the upgrade.
 */
export async function rawConnect(port: number, headers: Record<string, string> = {}, auth: object = { protocol: 1 }): Promise<RawSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { headers });
  let closedFlag = false;
  const closed = new Promise<void>((resolve) => {
    ws.on('close', () => {
      closedFlag = true;
      resolve();
    });
    ws.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify(auth)}`);
      else if (text === '2') ws.send('3');
      else if (text.startsWith('40')) resolve();
      else if (text.startsWith('44')) reject(new Error(`connect refused: ${text}`));
    });
    ws.once('error', reject);
    ws.once('close', () => reject(new Error('closed before connect')));
  });
  return {
    ws,
    closed,
    isClosed: () => closedFlag,
    packet: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(`4${text}`);
    },
    drained: async () => {
      while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > 0) {
        await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}

export interface ChildServer {
  port: number;
  url: string;
  child: ChildProcess;
  /** Resident set size of the server process, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** Starts `server/main.ts` in its own Node process (protocol only) over a temp database. */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-arena-hostile-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TUNE_ARENA_NO_NEXT: '1', DATABASE_URL: join(dir, 'h.db'), VERIFY_POOL_SIZE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb * 1024;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Probes GET /api/health back to back from a separate process (so the attacking client's own
 * busy event loop is not counted) until `stop()`; resolves with every latency in ms.
 * @example const p = probeHealth(url); await attack(); const ms = await p.stop();
 */
export function probeHealth(url: string): { ready: Promise<void>; stop(): Promise<number[]> } {
  const script = `
    const out = []; let done = false;
    process.stdin.on('data', () => { done = true; }); process.stdin.on('end', () => { done = true; });
    (async () => {
      for (let i = 0; i < 3; i++) await (await fetch(${JSON.stringify(`${url}/api/health`)})).text();
      process.stdout.write('R');
      while (!done) { const t = performance.now(); const r = await fetch(${JSON.stringify(`${url}/api/health`)}); await r.text(); out.push(performance.now() - t); }
      process.stdout.write(JSON.stringify(out)); process.exit(0);
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
    if (text.startsWith('R')) markReady();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    ready,
    stop: async () => {
      child.stdin?.end('stop');
      await exited;
      return JSON.parse(text.slice(1)) as number[];
    },
  };
}

/** Milliseconds one GET /api/health takes. */
export async function healthMs(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/health`);
  await res.text();
  if (!res.ok) throw new Error(`health answered ${res.status}`);
  return performance.now() - t0;
}
