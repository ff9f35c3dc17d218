/**
 * Issue 8, findings 2 and 3, written as the hostile clients that found them: megabyte text frames
 * of deep nesting or of 1.6M `{}` froze the event loop (health took 8.8 s), and sockets that
 * declared ten binary attachments and sent nine kept 40 MB each. The server runs in its own
 * process, so its RSS is its own; the clients speak raw engine.io over a WebSocket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthMs, probeHealth, rawConnect, startChildServer, type ChildServer, type RawSocket } from './support/raw-client';
import { connect, disconnectAll, startTestServer, type TestServer } from './support/harness';

let srv: ChildServer;

beforeAll(async () => {
  srv = await startChildServer();
  for (let i = 0; i < 5; i++) await healthMs(srv.url); // warm the HTTP path
});

afterAll(async () => {
  await srv?.stop();
});

/** Resolves when `socket` closes, or after `ms` (then the caller's assertion reports it). */
const closedWithin = (socket: RawSocket, ms: number): Promise<void> =>
  Promise.race([socket.closed, new Promise<void>((r) => setTimeout(r, ms).unref())]);

/**
 * Probes /api/health (from another process) while `attack` runs; every latency in ms.
 *
 * The issue asks that health answers within 200 ms, or that the frames are refused at once. The
 * second is checked strictly (expectRefusedAtOnce: close code 1009 at the frame header, so the
 * server never reads the payload). Every health answer within 200 ms held when this file ran
 * alone (max 150–160 ms at load average 17; 460–660 ms without the header check), but inside the
 * full parallel suite on this shared 2-core machine one probe in about fifty still meets a
 * scheduler stall of 250 ms that no server can prevent (probes with no attack at all reach 80 ms
 * at load 7), so the health check is the 95th percentile ≤ 200 ms and every answer under 1 s.
 */
async function healthDuring(attack: () => Promise<void>): Promise<number[]> {
  const probe = probeHealth(srv.url);
  await probe.ready;
  const attacked = attack();
  await attacked.catch(() => undefined);
  const latencies = await probe.stop();
  await attacked;
  return latencies;
}

function expectHealthy(latencies: number[]): void {
  expect(latencies.length).toBeGreaterThan(0);
  const sorted = [...latencies].sort((a, b) => a - b);
  expect(sorted[Math.floor(0.95 * (sorted.length - 1))]).toBeLessThanOrEqual(200);
  expect(sorted[sorted.length - 1]).toBeLessThan(1000);
}

/**
 * Each socket sends its frames; resolves with the close code each connection got. "At once": the
 * server refuses a text message at its frame header (1009, message too big), before the payload is
 * read; the old server read all of it and then failed in the parser.
 */
async function floodWith(frame: string, sockets: number, framesEach: number): Promise<{ clients: RawSocket[]; codes: number[] }> {
  const clients = await Promise.all(Array.from({ length: sockets }, () => rawConnect(srv.port)));
  const codes = await Promise.all(
    clients.map(async (c) => {
      const code = new Promise<number>((resolve) => c.ws.once('close', (status: number) => resolve(status)));
      for (let i = 0; i < framesEach && !c.isClosed(); i++) c.packet(frame);
      await closedWithin(c, 15_000);
      return c.isClosed() ? code : -1;
    }),
  );
  await Promise.all(clients.map((c) => c.drained()));
  return { clients, codes };
}

function expectRefusedAtOnce({ clients, codes }: { clients: RawSocket[]; codes: number[] }): void {
  expect(clients.every((c) => c.isClosed())).toBe(true);
  expect(codes.every((c) => c === 1009)).toBe(true);
}

describe('text frames are bounded before parsing', () => {
  it('4.8 MB of nested arrays: refused at once at the frame header, health p95 within 200 ms', async () => {
    const depth = 2_400_000;
    const frame = `2["tournament:create",${'['.repeat(depth)}${']'.repeat(depth)}]`;
    let flood = { clients: [] as RawSocket[], codes: [] as number[] };
    const latencies = await healthDuring(async () => {
      flood = await floodWith(frame, 4, 2);
    });
    expectHealthy(latencies);
    expectRefusedAtOnce(flood);
  });

  it('1.6M {} in network.layers: refused at once at the frame header, health p95 within 200 ms', async () => {
    const layers = new Array(1_600_000).fill('{}').join(',');
    const frame = `2["submission:create",{"network":{"layers":[${layers}],"shortcut":"none"}}]`;
    let flood = { clients: [] as RawSocket[], codes: [] as number[] };
    const latencies = await healthDuring(async () => {
      flood = await floodWith(frame, 3, 2);
    });
    expectHealthy(latencies);
    expectRefusedAtOnce(flood);
  });

  it('a 100 KB flat text packet closes the connection; a small one is still answered', async () => {
    const big = await rawConnect(srv.port);
    big.packet(`2["tournament:create",{"title":"${'x'.repeat(100_000)}"}]`);
    await closedWithin(big, 10_000);
    expect(big.isClosed()).toBe(true);

    const small = await rawConnect(srv.port);
    const answer = new Promise<string>((resolve) => small.ws.on('message', (d: Buffer) => d.toString().startsWith('43') && resolve(d.toString())));
    small.packet('21["tournament:create",{"title":"still fine"}]');
    expect(await answer).toContain('"ok":true');
    small.ws.close();
  });

  it('an array longer than any message needs is refused before its elements are parsed', async () => {
    const c = await rawConnect(srv.port);
    const answer = new Promise<string>((resolve) => c.ws.on('message', (d: Buffer) => d.toString().startsWith('43') && resolve(d.toString())));
    const layers = new Array(20_000).fill('{}').join(',');
    c.packet(`27["submission:create",{"roundId":"r","network":{"layers":[${layers}],"shortcut":"none"}}]`);
    const text = await answer;
    expect(text).toContain('BAD_REQUEST');
    expect(text).toContain('256 elements');
    c.ws.close();
  });
});

describe('binary packets are bounded', () => {
  it('20 sockets declaring 10 attachments and sending 9 of 4.9 MB add < 50 MB of RSS', async () => {
    const before = srv.rss();
    const placeholders = Array.from({ length: 10 }, (_, i) => `{"_placeholder":true,"num":${i}}`).join(',');
    const header = `510-["submission:create",{"parts":[${placeholders}]}]`;
    const blob = Buffer.alloc(4_900_000, 7);
    const clients = await Promise.all(Array.from({ length: 20 }, () => rawConnect(srv.port)));
    for (const c of clients) c.packet(header);
    // The fixed server closes at the header; the old one kept every attachment until the tenth.
    await Promise.all(clients.map((c) => closedWithin(c, 3_000)));
    for (const c of clients) {
      for (let i = 0; i < 9 && !c.isClosed(); i++) c.ws.send(blob);
    }
    await Promise.all(clients.map((c) => c.drained()));
    await healthMs(srv.url);
    const added = srv.rss() - before;
    expect(clients.every((c) => c.isClosed())).toBe(true);
    expect(added).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('a half-received binary packet times out', () => {
  let local: TestServer;
  beforeAll(async () => {
    local = await startTestServer({ wire: { binaryTimeoutMs: 300 } });
  });
  afterAll(async () => {
    disconnectAll();
    await local?.stop();
  });

  it('a header whose one attachment never comes closes the connection', async () => {
    const c = await rawConnect(local.port);
    c.packet('51-["submission:create",{"weights":{"_placeholder":true,"num":0}}]');
    await closedWithin(c, 10_000);
    expect(c.isClosed()).toBe(true);
  });

  it('a whole binary packet is still delivered', async () => {
    const s = await connect(local.url);
    const ack = (await s.timeout(30_000).emitWithAck('submission:create', { weights: new Uint8Array(8) })) as { ok: boolean; error?: { code: string } };
    expect(ack.ok).toBe(false);
    expect(ack.error?.code).toBe('BAD_REQUEST');
  });
});
