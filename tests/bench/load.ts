/**
 * The raw-socket load generator's helpers, shared by `bench:server` and `bench:cluster`: acks that
 * must succeed, joins a bounded number at a time, percentiles, and the submit → board latency read
 * off the `total` at the front of each `leaderboard:update` (tests/bench/raw-socket.ts).
 */
import { RawSocket, type Answer } from './raw-socket';

/** Nearest-rank percentile (`p` in 0..100); NaN for no samples. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Calls `event` and throws unless the ack is ok. */
export async function must(s: RawSocket, event: string, payload: object): Promise<Record<string, unknown>> {
  const a: Answer = await s.call(event, payload);
  if (!a.ok) throw new Error(`${event}: ${a.error.code} ${a.error.message}`);
  return a;
}

/** Runs `work(i)` for i < n with at most `limit` in flight. */
export async function pooled(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, limit) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** The `total` of every board a spectator received, with its arrival time. */
export type Seen = { at: number; total: number }[];

/** A spectator socket of `code` that records each board's `total` and nothing else. */
export async function spectator(url: string, code: string): Promise<{ socket: RawSocket; seen: Seen }> {
  const socket = await RawSocket.open(url, { protocol: 1 }, 'leaderboard:update');
  const seen: Seen = [];
  socket.onWatched = (prefix, at) => {
    const m = /"total":(\d+)/.exec(prefix);
    if (m) seen.push({ at, total: Number(m[1]) });
  };
  await must(socket, 'spectate', { code });
  return { socket, seen };
}

/**
 * Submit → board latencies: a board reflects the k-th stored submission once its `total` reaches k
 * (inserts are serialized and each adds one entry). `ackOrder` lists player indexes in the order
 * their acks arrived (≈ the order the rows were stored), `sentAt` when each submitted.
 */
export function boardLatencies(boards: Seen[], ackOrder: number[], sentAt: number[]): number[] {
  const out: number[] = [];
  for (const seen of boards) {
    let b = 0;
    ackOrder.forEach((player, k) => {
      while (b < seen.length && seen[b].total < k + 1) b++;
      if (b < seen.length) out.push(seen[b].at - sentAt[player]);
    });
  }
  return out;
}
