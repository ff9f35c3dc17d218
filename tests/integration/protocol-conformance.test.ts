/**
 * Protocol conformance, written as an independent client would write it from PROTOCOL.md alone
 * (issue #3): a real server on a random port over a temp SQLite file, plain socket.io clients with
 * `auth: { protocol: 1 }`, and strict zod shapes transcribed from the contract's "Shapes" section.
 * A field the contract does not list is accepted only when docs/protocol.md documents it (the
 * contract allows additions, but the project must document them). Nothing here imports the
 * server's own schemas: the contract is checked, not the implementation against itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/main';
import type { RoundPublic } from '../../game/protocol';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import { asDenseLayer } from '../../game/spec';
import { trainFor } from './support/harness';

// ---------------------------------------------------------------- shapes, from PROTOCOL.md

const DOC = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
// The part of docs/protocol.md after the copied contract: where additions must be written down.
const ADDITIONS = DOC.slice(DOC.indexOf('# What this server adds'));

/** An object with the listed fields; any other field must be documented in docs/protocol.md. */
function shape<S extends z.ZodRawShape>(fields: S) {
  return z.looseObject(fields).superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!(key in fields) && !ADDITIONS.includes(`\`${key}\``)) {
        ctx.addIssue({ code: 'custom', message: `field "${key}" is neither in PROTOCOL.md nor documented in docs/protocol.md` });
      }
    }
  });
}

const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const iso = z.string().regex(ISO_RE).refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const int = z.number().int();
const score = z
  .number()
  .min(0)
  .max(1)
  .refine((v) => Math.abs(v * 1e4 - Math.round(v * 1e4)) < 1e-6, 'not rounded to 4 decimals');
const secret = z.string().min(22);
const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'ROUND_NOT_OPEN',
  'CONFLICT',
  'RULE_VIOLATION',
  'WEIGHTS_INVALID',
  'RATE_LIMITED',
  'NICKNAME_TAKEN',
  'INTERNAL',
] as const;
type Code = (typeof ERROR_CODES)[number];

const Tournament = shape({ code: z.string().regex(CODE_RE), title: z.string(), createdAt: iso, players: int.min(0), status: z.enum(['active', 'finished']) });
const Rules = shape({
  taskId: z.string(),
  trainSize: int,
  noise: z.number(),
  durationSec: int,
  maxLayers: int,
  maxUnits: int,
  maxParams: int,
  maxEpochs: int,
  allowedActivations: z.array(z.string()),
  allowedShortcuts: z.array(z.string()),
  maxGroups: int,
  maxSubmissions: int,
  auditTopK: int,
  allowConv: z.boolean().optional(),
});
const Round = shape({
  id: z.string().min(1),
  index: int.min(1),
  title: z.string(),
  status: z.enum(['draft', 'open', 'closed', 'final']),
  rules: Rules,
  trainSeed: int.nullable(),
  startedAt: iso.nullable(),
  endsAt: iso.nullable(),
  task: shape({
    id: z.string(),
    inputDim: int.min(1),
    classes: int.min(2),
    image: z.strictObject({ height: int.min(1), width: int.min(1), channels: int.min(1) }).optional(),
  }),
  trainRows: z.array(int.min(0)).nullable(),
});
const Submission = shape({
  id: z.string().min(1),
  roundId: z.string(),
  playerId: z.string(),
  publicScore: score,
  createdAt: iso,
  audit: z.enum(['pending', 'verified', 'rejected']),
  backend: z.enum(['js', 'wasm', 'webgl', 'cpu']),
});
const Entry = shape({
  rank: int.min(1),
  playerId: z.string(),
  nickname: z.string(),
  publicScore: score,
  privateScore: score.nullable(),
  submissions: int.min(1),
  bestAt: iso,
  audit: z.enum(['pending', 'verified', 'rejected']),
  network: shape({ depth: int.min(1), width: int.min(1), activation: z.string(), shortcut: z.enum(['none', 'residual', 'highway']), groups: int.min(1) }),
  params: int.min(1),
});
const Board = shape({ roundId: z.string(), final: z.boolean(), total: int.min(0), entries: z.array(Entry) });
const Standing = shape({ rank: int.min(1), playerId: z.string(), nickname: z.string(), points: z.number().min(0) });
const StandingsUpdate = shape({ code: z.string().regex(CODE_RE), entries: z.array(Standing) });
const ProgressUpdate = shape({
  roundId: z.string(),
  players: z.array(shape({ playerId: z.string(), nickname: z.string(), epoch: int, loss: z.number(), accuracy: z.number() })),
});
const Failure = z.strictObject({ ok: z.literal(false), error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string().min(1) }) });
const okAck = <S extends z.ZodRawShape>(fields: S) => shape({ ok: z.literal(true), ...fields });
const Acks = {
  tournamentCreate: okAck({ tournament: Tournament, hostKey: secret }),
  hostResume: okAck({ tournament: Tournament, rounds: z.array(Round) }),
  round: okAck({ round: Round }),
  kick: okAck({}),
  join: okAck({ player: shape({ id: z.string().min(1), nickname: z.string() }), playerToken: secret, tournament: Tournament, round: Round.nullable() }),
  submission: okAck({ submission: Submission, rank: int.min(1) }),
  spectate: okAck({ tournament: Tournament, round: Round.nullable(), leaderboard: z.array(Entry) }),
};

/** Parses or fails with the issues and the value, so a deviation reads as one message. */
function conform<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${z.prettifyError(r.error)}\nin ${JSON.stringify(value).slice(0, 600)}`);
  return r.data;
}

// ---------------------------------------------------------------- a plain client

type Json = Record<string, unknown>;
type Recorded = { event: string; payload: unknown };

class Client {
  readonly log: Recorded[] = [];
  private waiters: { event: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.log.push({ event, payload });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event || !w.pred(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }
  /** Emits and resolves with the one ack. */
  call(event: string, payload: unknown): Promise<Json> {
    return this.socket.timeout(60_000).emitWithAck(event, payload) as Promise<Json>;
  }
  async ok<T extends z.ZodType>(schema: T, event: string, payload: unknown): Promise<z.output<T>> {
    return conform(schema, await this.call(event, payload));
  }
  async fails(event: string, payload: unknown, code: Code): Promise<void> {
    const ack = conform(Failure, await this.call(event, payload));
    expect(ack.error.code, `${event}: ${ack.error.message}`).toBe(code);
  }
  /** The first `event` (already received or still to come) whose payload matches. */
  waitFor(event: string, pred: (p: Json) => boolean = () => true, timeoutMs = 120_000): Promise<Json> {
    const test = (p: unknown) => typeof p === 'object' && p !== null && pred(p as Json);
    const seen = this.log.find((r) => r.event === event && test(r.payload));
    if (seen) return Promise.resolve(seen.payload as Json);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ event, pred: test, resolve: (p) => (clearTimeout(timer), resolve(p as Json)) });
    });
  }
  events(event: string): unknown[] {
    return this.log.filter((r) => r.event === event).map((r) => r.payload);
  }
}

let srv: RunningServer;
let dir = '';
const sockets: Socket[] = [];

/** `polling: true` keeps socket.io's default transports (HTTP long-polling, then an upgrade). */
function rawSocket(auth: unknown, polling = false): Socket {
  const s = io(srv.url, { auth: auth as Json, reconnection: false, forceNew: true, ...(polling ? {} : { transports: ['websocket'] }) });
  sockets.push(s);
  return s;
}

async function client(polling = false): Promise<Client> {
  const s = rawSocket({ protocol: 1 }, polling);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return new Client(s);
}

async function http(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(srv.url + path, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as unknown };
}

// ---------------------------------------------------------------- networks, weights

/** paramCount exactly as PROTOCOL.md's "Network, parameter count, weight order" defines it. */
function paramCount(net: NetworkSpec, inputDim: number, classes: number): number {
  let n = 0;
  let prev = inputDim;
  net.layers.map(asDenseLayer).forEach((l, i) => {
    n += (prev * l.units) / l.groups + l.units;
    if (i >= 1 && net.shortcut !== 'none' && prev !== l.units) n += prev * l.units;
    if (i >= 1 && net.shortcut === 'highway') n += prev * l.units + l.units;
    prev = l.units;
  });
  return n + prev * classes + classes;
}

const NET: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const MIXED: NetworkSpec = {
  layers: [
    { units: 8, activation: 'relu', groups: 2 },
    { units: 4, activation: 'tanh', groups: 1 },
  ],
  shortcut: 'none',
};
const TRAINING: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 2, l2: 0, seed: 3 };
const RULES = { trainSize: 64, noise: 0, durationSec: 600, maxLayers: 2, maxUnits: 8, maxGroups: 2, maxEpochs: 5, maxSubmissions: 3, auditTopK: 3 };

/** Arbitrary finite weights: the server scores them; the audit rejects them. */
function someWeights(net: NetworkSpec, inputDim = 2, classes = 2): Float32Array {
  const w = new Float32Array(paramCount(net, inputDim, classes));
  for (let i = 0; i < w.length; i++) w[i] = ((i * 37) % 11) / 11 - 0.5;
  return w;
}

function submission(token: string, roundId: string, weights: unknown, extra: Json = {}): Json {
  return { playerToken: token, roundId, network: NET, training: TRAINING, backend: 'cpu', weights, ...extra };
}

async function newTournament(title = 'Conformance') {
  const host = await client();
  const created = await host.ok(Acks.tournamentCreate, 'tournament:create', { title });
  return { host, code: created.tournament.code, hostKey: created.hostKey, created };
}

async function join(code: string, nickname: string, polling = false) {
  const c = await client(polling);
  const ack = await c.ok(Acks.join, 'player:join', { code, nickname });
  return { c, ack, token: ack.playerToken, id: ack.player.id };
}

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'tune-arena-conf-'));
  srv = await startServer({ port: 0, next: false, databaseUrl: joinPath(dir, 'conformance.db'), poolSize: 1 });
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await srv?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- transport

describe('transport', () => {
  it('refuses another protocol version, or none, at connect with PROTOCOL_MISMATCH', async () => {
    for (const [auth, polling] of [[{ protocol: 2 }, false], [{ protocol: '1' }, false], [{}, false], [{ protocol: 0 }, true]] as const) {
      const s = rawSocket(auth, polling);
      const err = await new Promise<Error>((resolve, reject) => {
        s.once('connect', () => reject(new Error(`connected with ${JSON.stringify(auth)}`)));
        s.once('connect_error', resolve);
      });
      expect(err.message).toBe('PROTOCOL_MISMATCH');
    }
  });
});

// ---------------------------------------------------------------- host calls

describe('tournaments and host calls', () => {
  it('issues an upper-case code from the 31-character alphabet, accepted in any case', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { code, created } = await newTournament(`T${i}`);
      expect(created.tournament).toMatchObject({ title: `T${i}`, players: 0, status: 'active' });
      codes.add(code);
    }
    expect(codes.size).toBe(5);
    const { host, code, hostKey } = await newTournament();
    const resumed = await host.ok(Acks.hostResume, 'host:resume', { code: code.toLowerCase(), hostKey });
    expect(resumed.tournament.code).toBe(code);
    expect(resumed.rounds).toEqual([]);
    const spectator = await client();
    await spectator.ok(Acks.spectate, 'spectate', { code: code.toLowerCase() });
    await (await client()).ok(Acks.join, 'player:join', { code: code.toLowerCase(), nickname: 'lower' });
  });

  it('validates tournament:create and answers host:resume in check order', async () => {
    const c = await client();
    await c.fails('tournament:create', { title: '' }, 'BAD_REQUEST');
    await c.fails('tournament:create', { title: 'x'.repeat(81) }, 'BAD_REQUEST');
    await c.fails('tournament:create', 'not an object', 'BAD_REQUEST');
    await c.ok(Acks.tournamentCreate, 'tournament:create', { title: 'x'.repeat(80) });
    const { code, hostKey } = await newTournament();
    await c.fails('host:resume', { code }, 'UNAUTHORIZED');
    await c.fails('host:resume', { code, hostKey: `${hostKey}x` }, 'UNAUTHORIZED');
    await c.fails('host:resume', { code: 'ZZZZZZ', hostKey: 'wrong' }, 'NOT_FOUND');
    await c.fails('host:resume', { hostKey }, 'BAD_REQUEST');
  });

  it('creates, starts and closes rounds with the documented acks, broadcasts and conflicts', async () => {
    const { host, code, hostKey } = await newTournament();
    const watcher = await client();
    await watcher.ok(Acks.spectate, 'spectate', { code });

    // round:create: preset defaults, overridden field by field.
    await host.fails('round:create', { code, hostKey }, 'BAD_REQUEST');
    await host.fails('round:create', { code, taskId: 'xor' }, 'UNAUTHORIZED');
    await host.fails('round:create', { code: 'ZZZZZZ', taskId: 'xor' }, 'NOT_FOUND');
    await host.fails('round:create', { code, hostKey, taskId: 'xor', preset: 'no-such-preset' }, 'NOT_FOUND');
    // The key (step 3) before the named thing (step 4), the schema (step 1) before everything.
    await host.fails('round:create', { code, taskId: 'xor', preset: 'no-such-preset' }, 'UNAUTHORIZED');
    await host.fails('round:close', { code, hostKey: 'wrong', roundId: 'no-such-round' }, 'UNAUTHORIZED');
    await host.fails('player:kick', { code, playerId: 'nobody' }, 'UNAUTHORIZED');
    await host.fails('player:kick', { code: 'ZZZZZZ', playerId: 'nobody' }, 'NOT_FOUND');
    await host.fails('round:start', { code: 'ZZZZZZ', hostKey: 'wrong' }, 'BAD_REQUEST');
    await host.fails('player:join', { code: 'ZZZZZZ', nickname: 'bad\u0001name' }, 'BAD_REQUEST');
    const viaPreset = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', preset: 'xor-warmup', rules: { maxSubmissions: 2 } });
    expect(viaPreset.round).toMatchObject({ status: 'draft', index: 1, trainSeed: null, startedAt: null, endsAt: null, trainRows: null });
    expect(viaPreset.round.task).toEqual({ id: 'xor', inputDim: 2, classes: 2 });
    const tasks = conform(z.object({ presets: z.array(z.object({ id: z.string(), rules: z.record(z.string(), z.unknown()) })) }), (await http('/api/tasks')).json());
    const warmup = tasks.presets.find((p) => p.id === 'xor-warmup');
    expect(viaPreset.round.rules).toEqual({ ...warmup?.rules, maxSubmissions: 2 });
    const draftSeen = await watcher.waitFor('round:update', (r) => r.id === viaPreset.round.id);
    expect(conform(Round, draftSeen).status).toBe('draft');

    // round:start
    await host.fails('round:start', { code, hostKey: 'wrong', roundId: 'no-such-round' }, 'UNAUTHORIZED');
    await host.fails('round:start', { code, hostKey, roundId: 'no-such-round' }, 'NOT_FOUND');
    await host.fails('round:close', { code, hostKey, roundId: viaPreset.round.id }, 'CONFLICT');
    const started = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: viaPreset.round.id });
    const r = started.round;
    expect(r.status).toBe('open');
    expect(r.trainSeed).toEqual(expect.any(Number));
    expect(Date.parse(r.endsAt ?? '') - Date.parse(r.startedAt ?? '')).toBe(r.rules.durationSec * 1000);
    await host.fails('round:start', { code, hostKey, roundId: r.id }, 'CONFLICT');
    const second = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'circle', rules: RULES });
    expect(second.round).toMatchObject({ index: 2, status: 'draft' });
    expect(second.round.task).toEqual({ id: 'circle', inputDim: 2, classes: 2 });
    await host.fails('round:start', { code, hostKey, roundId: second.round.id }, 'CONFLICT');

    // A round id of another tournament is NOT_FOUND even with that tournament's own key.
    const other = await newTournament();
    await other.host.fails('round:start', { code: other.code, hostKey: other.hostKey, roundId: second.round.id }, 'NOT_FOUND');

    const closed = await host.ok(Acks.round, 'round:close', { code, hostKey, roundId: r.id });
    expect(['closed', 'final']).toContain(closed.round.status);
    await host.fails('round:close', { code, hostKey, roundId: r.id }, 'CONFLICT');
    await watcher.waitFor('round:update', (u) => u.id === r.id && u.status === 'final');
    const statuses = watcher.events('round:update').map((u) => conform(Round, u)).filter((u) => u.id === r.id).map((u) => u.status);
    expect(statuses).toEqual(['draft', 'open', 'closed', 'final']);
    const standings = conform(StandingsUpdate, await watcher.waitFor('standings:update'));
    expect(standings.code).toBe(code);
    const board = conform(Board, await watcher.waitFor('leaderboard:update', (b) => b.roundId === r.id && b.final === true));
    expect(board.entries).toEqual([]);

    // The current round: the open one, else the latest, else null.
    const resumed = await host.ok(Acks.hostResume, 'host:resume', { code, hostKey });
    expect(resumed.rounds.map((x) => x.id)).toEqual([r.id, second.round.id]);
    const late = await join(code, 'Late');
    expect(late.ack.round?.id).toBe(second.round.id);
    expect((await watcher.ok(Acks.spectate, 'spectate', { code })).round?.id).toBe(second.round.id);
    await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: second.round.id });
    await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor' });
    expect((await join(code, 'Later')).ack.round?.id).toBe(second.round.id);
    expect((await watcher.ok(Acks.spectate, 'spectate', { code })).round?.id).toBe(second.round.id);
    const fresh = await newTournament();
    expect((await join(fresh.code, 'First')).ack.round).toBeNull();
    expect((await watcher.ok(Acks.spectate, 'spectate', { code: fresh.code })).round).toBeNull();
  });

  it('puts host:resume, player:join and spectate sockets in the tournament room', async () => {
    const { host, code, hostKey } = await newTournament();
    const resumedHost = await client();
    await resumedHost.ok(Acks.hostResume, 'host:resume', { code, hostKey });
    const player = await join(code, 'Roomie');
    const spectator = await client();
    await spectator.ok(Acks.spectate, 'spectate', { code });
    const other = await newTournament();
    const outsider = await client();
    await outsider.ok(Acks.spectate, 'spectate', { code: other.code });
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    for (const c of [host, resumedHost, player.c, spectator]) {
      expect(conform(Round, await c.waitFor('round:update', (r) => r.id === draft.round.id)).status).toBe('draft');
    }
    // Rooms are per tournament: the outsider sees its own tournament's round, created later, and not ours.
    const theirs = await other.host.ok(Acks.round, 'round:create', { code: other.code, hostKey: other.hostKey, taskId: 'xor' });
    await outsider.waitFor('round:update', (r) => r.id === theirs.round.id);
    expect(outsider.events('round:update').map((r) => (r as Json).id)).toEqual([theirs.round.id]);
  });

  it('publishes trainRows for real-data rounds once open, never for synthetic ones or drafts', async () => {
    const { host, code, hostKey } = await newTournament();
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'iris', rules: { trainSize: 60 } });
    expect(draft.round.trainRows).toBeNull();
    expect(draft.round.task).toMatchObject({ id: 'iris', inputDim: 4, classes: 3 });
    const open = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: draft.round.id });
    const rows = open.round.trainRows ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows).size).toBe(rows.length);
    await host.ok(Acks.round, 'round:close', { code, hostKey, roundId: draft.round.id });
    const synthetic = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    expect((await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: synthetic.round.id })).round.trainRows).toBeNull();
    // Every preset's rules conform (an added rule such as minLayers must be documented).
    for (const preset of ['xor-warmup', 'spiral-sprint', 'budget-battle', 'too-deep', 'sigmoid-vs-relu', 'digits']) {
      const taskId = { 'xor-warmup': 'xor', 'spiral-sprint': 'spiral', 'budget-battle': 'spiral', 'too-deep': 'circle', 'sigmoid-vs-relu': 'checkerboard', digits: 'digits' }[preset];
      await host.ok(Acks.round, 'round:create', { code, hostKey, taskId, preset });
    }
  });
});

// ---------------------------------------------------------------- players

describe('players', () => {
  it('trims nicknames, limits them to 24 characters without control characters, unique in any case', async () => {
    const { code } = await newTournament();
    const c = await client();
    const ada = await c.ok(Acks.join, 'player:join', { code, nickname: '  Ada Lovelace  ' });
    expect(ada.player.nickname).toBe('Ada Lovelace');
    expect(ada.tournament.players).toBe(1);
    await c.fails('player:join', { code, nickname: 'ADA LOVELACE' }, 'NICKNAME_TAKEN');
    await c.fails('player:join', { code, nickname: ' ada lovelace' }, 'NICKNAME_TAKEN');
    await c.fails('player:join', { code, nickname: '   ' }, 'BAD_REQUEST');
    await c.fails('player:join', { code, nickname: 'x'.repeat(25) }, 'BAD_REQUEST');
    await c.fails('player:join', { code, nickname: 'bell\u0007' + 'x' }, 'BAD_REQUEST');
    await c.fails('player:join', { code, nickname: 'tab\there' }, 'BAD_REQUEST');
    await c.fails('player:join', { code, nickname: 'del\u007f' + 'x' }, 'BAD_REQUEST');
    await c.fails('player:join', { code: 'ZZZZZZ', nickname: 'Bob' }, 'NOT_FOUND');
    const long = await (await client()).ok(Acks.join, 'player:join', { code, nickname: `  ${'y'.repeat(24)}  ` });
    expect(long.player.nickname).toBe('y'.repeat(24));
    expect(long.tournament.players).toBe(2);
    // 24 characters, not 24 UTF-16 units: an emoji is one character.
    const emoji = '\u{1F600}'.repeat(24);
    await c.fails('player:join', { code, nickname: `${emoji}\u{1F600}` }, 'BAD_REQUEST');
    const smiley = await (await client()).ok(Acks.join, 'player:join', { code, nickname: emoji });
    expect(smiley.player.nickname).toBe(emoji);
    await c.fails('player:join', { code, nickname: 'Y'.repeat(24) }, 'NICKNAME_TAKEN');

    // Resume by token: the same player, a token of another tournament is refused.
    const resumed = await (await client()).ok(Acks.join, 'player:join', { code: code.toLowerCase(), playerToken: ada.playerToken });
    expect(resumed.player).toEqual(ada.player);
    expect(resumed.playerToken).toBe(ada.playerToken);
    expect(resumed.tournament.players).toBe(3);
    const other = await newTournament();
    await c.fails('player:join', { code: other.code, playerToken: ada.playerToken }, 'UNAUTHORIZED');
    await c.fails('player:join', { code, playerToken: 'x'.repeat(22) }, 'UNAUTHORIZED');
    await c.fails('player:join', { code: 'ZZZZZZ', playerToken: 'x'.repeat(22) }, 'NOT_FOUND');
  });

  it('kicks: {} ack, player:kicked to the kicked socket only, and the token stops working', async () => {
    const { host, code, hostKey } = await newTournament();
    const watcher = await client();
    await watcher.ok(Acks.spectate, 'spectate', { code });
    const bob = await join(code, 'Bob');
    const eve = await join(code, 'Eve');
    await eve.c.fails('player:kick', { code, hostKey: bob.token, playerId: eve.id }, 'UNAUTHORIZED');
    await host.fails('player:kick', { code, playerId: eve.id }, 'UNAUTHORIZED');
    await host.fails('player:kick', { code, hostKey, playerId: 'nobody' }, 'NOT_FOUND');
    const kicked = eve.c.waitFor('player:kicked');
    const ack = await host.ok(Acks.kick, 'player:kick', { code, hostKey, playerId: eve.id });
    expect(Object.keys(ack)).toEqual(['ok']);
    expect(await kicked).toEqual({});
    await host.fails('player:kick', { code, hostKey, playerId: eve.id }, 'CONFLICT');
    await eve.c.fails('player:join', { code, playerToken: eve.token }, 'UNAUTHORIZED');
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const open = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: draft.round.id });
    await eve.c.fails('submission:create', submission(eve.token, open.round.id, someWeights(NET)), 'UNAUTHORIZED');
    await bob.c.ok(Acks.submission, 'submission:create', submission(bob.token, open.round.id, someWeights(NET)));
    await watcher.waitFor('leaderboard:update', (b) => Array.isArray(b.entries) && b.entries.length === 1);
    expect(watcher.events('player:kicked')).toEqual([]);
    expect(bob.c.events('player:kicked')).toEqual([]);
    const resumed = await host.ok(Acks.hostResume, 'host:resume', { code, hostKey });
    expect(resumed.tournament.players).toBe(1);
  });
});

// ---------------------------------------------------------------- submissions

describe('submissions', () => {
  it('accepts weights as ArrayBuffer, Float32Array and Buffer, and answers the documented shapes', async () => {
    const { host, code, hostKey } = await newTournament();
    const watcher = await client();
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    const { round } = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: draft.round.id });
    const ada = await join(code, 'Ada');
    expect(ada.ack.round?.id).toBe(round.id);
    await watcher.ok(Acks.spectate, 'spectate', { code });
    const w = someWeights(NET);
    const forms: [string, unknown][] = [
      ['ArrayBuffer', w.buffer.slice(0)],
      ['Float32Array', new Float32Array(w)],
      ['Buffer', Buffer.from(w.buffer.slice(0))],
    ];
    for (const [form, weights] of forms) {
      const ack = await ada.c.call('submission:create', submission(ada.token, round.id, weights, { claimed: { trainLoss: 0.5, trainAccuracy: 0.7 } }));
      const ok = conform(Acks.submission, ack);
      expect(ok.submission, form).toMatchObject({ roundId: round.id, playerId: ada.id, audit: 'pending', backend: 'cpu' });
      expect(ok.rank).toBe(1);
    }
    await ada.c.fails('submission:create', submission(ada.token, round.id, w.buffer.slice(0)), 'RATE_LIMITED');

    const board = conform(Board, await watcher.waitFor('leaderboard:update', (b) => (b.entries as Json[] | undefined)?.[0]?.submissions === 3));
    expect(board).toMatchObject({ roundId: round.id, final: false });
    expect(board.entries[0]).toMatchObject({ rank: 1, playerId: ada.id, nickname: 'Ada', privateScore: null, params: paramCount(NET, 2, 2) });
    // Arbitrary weights: pending until an idle worker replays them, then rejected (the round stays open).
    expect(['pending', 'rejected']).toContain(board.entries[0].audit);
    await settledBoard(watcher, round.id);
    conform(Board, (await http(`/api/rounds/${round.id}/leaderboard`)).json());
    const progress = watcher.waitFor('progress:update', (p) => Array.isArray(p.players) && p.players.length > 0);
    ada.c.socket.emit('training:progress', { playerToken: ada.token, roundId: round.id, epoch: 2, loss: 0.4, accuracy: 0.8 });
    const p = conform(ProgressUpdate, await progress);
    expect(p).toEqual({ roundId: round.id, players: [{ playerId: ada.id, nickname: 'Ada', epoch: 2, loss: 0.4, accuracy: 0.8 }] });
  });

  it('answers the first failing check, in PROTOCOL.md order, and a rejected call changes nothing', async () => {
    const { host, code, hostKey } = await newTournament();
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: { ...RULES, maxSubmissions: 1 } });
    const ada = await join(code, 'Ada');
    const w = someWeights(NET);
    await ada.c.fails('submission:create', submission(ada.token, draft.round.id, w), 'ROUND_NOT_OPEN');
    const { round } = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: draft.round.id });
    const tooWide: NetworkSpec = { layers: [{ units: 64, activation: 'relu', groups: 1 }], shortcut: 'none' };
    const badWeights = new Float32Array(3);
    badWeights[0] = Number.NaN;
    // schema first
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, w), backend: 'metal' }, 'BAD_REQUEST');
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, w), training: { ...TRAINING, loss: 'hinge' } }, 'BAD_REQUEST');
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, w), weights: [0.1, 0.2] }, 'BAD_REQUEST');
    // the token before the round
    await ada.c.fails('submission:create', submission('x'.repeat(22), 'no-such-round', w), 'UNAUTHORIZED');
    await ada.c.fails('submission:create', { ...submission(ada.token, 'no-such-round', w), playerToken: undefined }, 'UNAUTHORIZED');
    await ada.c.fails('submission:create', submission(ada.token, 'no-such-round', badWeights), 'NOT_FOUND');
    // rules before weights
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, badWeights), network: tooWide }, 'RULE_VIOLATION');
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, w), training: { ...TRAINING, epochs: 99 } }, 'RULE_VIOLATION');
    // weights: length, then finiteness
    await ada.c.fails('submission:create', submission(ada.token, round.id, badWeights), 'WEIGHTS_INVALID');
    const nan = new Float32Array(w);
    nan[5] = Number.POSITIVE_INFINITY;
    await ada.c.fails('submission:create', submission(ada.token, round.id, nan), 'WEIGHTS_INVALID');
    await ada.c.fails('submission:create', submission(ada.token, round.id, new Uint8Array(w.byteLength - 1)), 'WEIGHTS_INVALID');
    // nothing was written: the one allowed submission is still free
    await ada.c.ok(Acks.submission, 'submission:create', submission(ada.token, round.id, w));
    // limits last: over the limit with bad weights is still WEIGHTS_INVALID, with good ones RATE_LIMITED
    await ada.c.fails('submission:create', submission(ada.token, round.id, badWeights), 'WEIGHTS_INVALID');
    await ada.c.fails('submission:create', submission(ada.token, round.id, w), 'RATE_LIMITED');
    await host.ok(Acks.round, 'round:close', { code, hostKey, roundId: round.id });
    await ada.c.fails('submission:create', { ...submission(ada.token, round.id, w), network: tooWide }, 'ROUND_NOT_OPEN');
  });
});

// ---------------------------------------------------------------- a whole round over HTTP

const boardTimes = new Map<Client, { roundId: string; at: number }[]>();
function timeBoards(c: Client): void {
  const list: { roundId: string; at: number }[] = [];
  boardTimes.set(c, list);
  c.socket.on('leaderboard:update', (b: Json) => list.push({ roundId: String(b.roundId), at: performance.now() }));
}

/** Waits until the last board received equals the board served over HTTP (the latest state). */
async function settledBoard(c: Client, roundId: string): Promise<void> {
  for (;;) {
    const served = (await http(`/api/rounds/${roundId}/leaderboard`)).json();
    const last = c.events('leaderboard:update').filter((b) => (b as Json).roundId === roundId).at(-1);
    if (JSON.stringify(last) === JSON.stringify(served)) return;
    await c.waitFor('leaderboard:update', (b) => b.roundId === roundId && b !== last, 5_000).catch(() => undefined);
  }
}

describe('a whole round, its final board, standings, insights and CSV', () => {
  it('settles the audit, summarizes networks, and serves every endpoint with its statuses', async () => {
    const { host, code, hostKey } = await newTournament('Final');
    const watcher = await client();
    timeBoards(watcher);
    await watcher.ok(Acks.spectate, 'spectate', { code });
    const draft = await host.ok(Acks.round, 'round:create', { code, hostKey, taskId: 'xor', rules: RULES });
    expect((await http(`/api/rounds/${draft.round.id}/insights`)).status).toBe(409);
    const { round } = await host.ok(Acks.round, 'round:start', { code, hostKey, roundId: draft.round.id });
    expect((await http(`/api/rounds/${round.id}/insights`)).status).toBe(409);

    const honest = await join(code, 'Honest');
    const forger = await join(code, 'Forger', true);
    await join(code, 'Idle');
    const trained = await trainFor(round as RoundPublic, MIXED, TRAINING);
    expect(trained.byteLength).toBe(4 * paramCount(MIXED, 2, 2));
    await honest.c.ok(Acks.submission, 'submission:create', { ...submission(honest.token, round.id, trained), network: MIXED });
    await forger.c.ok(Acks.submission, 'submission:create', submission(forger.token, round.id, someWeights(NET)));
    const live = conform(Board, (await http(`/api/rounds/${round.id}/leaderboard`)).json());
    const honestLive = live.entries.find((e) => e.playerId === honest.id);
    expect(honestLive?.network).toEqual({ depth: 2, width: 8, activation: 'mixed', shortcut: 'none', groups: 2 });
    expect(honestLive?.params).toBe(paramCount(MIXED, 2, 2));
    expect(live.entries.find((e) => e.playerId === forger.id)?.network).toEqual({ depth: 1, width: 4, activation: 'tanh', shortcut: 'none', groups: 1 });

    await host.ok(Acks.round, 'round:close', { code, hostKey, roundId: round.id });
    const finalBoard = conform(Board, await watcher.waitFor('leaderboard:update', (b) => b.roundId === round.id && b.final === true));
    expect(finalBoard.entries.map((e) => [e.nickname, e.rank, e.audit])).toEqual([
      ['Honest', 1, 'verified'],
      ['Forger', 2, 'rejected'],
    ]);
    expect(finalBoard.entries[0].privateScore).toEqual(expect.any(Number));
    expect(finalBoard.entries[1].privateScore).toBeNull();
    // At most one board per round per 250 ms (with slack for delivery jitter), and the last one is the latest.
    await settledBoard(watcher, round.id);
    const times = boardTimes.get(watcher)?.filter((t) => t.roundId === round.id).map((t) => t.at) ?? [];
    expect(times.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `board ${i} after ${times[i] - times[i - 1]} ms`).toBeGreaterThanOrEqual(150);
    const standings = conform(StandingsUpdate, await watcher.waitFor('standings:update', (s) => s.code === code));
    expect(standings.entries.map((e) => e.nickname).sort()).toEqual(['Forger', 'Honest', 'Idle']);
    expect(standings.entries.find((e) => e.nickname === 'Idle')?.points).toBe(0);

    // GET /api/tournaments/:code
    const view = conform(shape({ tournament: Tournament, rounds: z.array(Round), standings: z.array(Standing) }), (await http(`/api/tournaments/${code.toLowerCase()}`)).json());
    expect(view.tournament).toMatchObject({ code, players: 3 });
    expect(view.rounds.map((r) => r.status)).toEqual(['final']);
    expect(view.standings).toEqual(standings.entries);
    expect((await http('/api/tournaments/ZZZZZZ')).status).toBe(404);

    // insights
    const insights = conform(
      shape({
        roundId: z.string(),
        submissions: int.min(0),
        dimensions: z.array(shape({ name: z.string(), importance: z.number().min(0).max(1), best: z.union([z.string(), z.number(), z.null()]) })),
      }),
      (await http(`/api/rounds/${round.id}/insights`)).json(),
    );
    expect(insights.roundId).toBe(round.id);
    // Version 2 (new rounds): params is reported beside the decomposition, not in it.
    expect(insights.dimensions.map((d) => d.name).sort()).toEqual(
      ['depth', 'width', 'activation', 'shortcut', 'groups', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'l2'].sort(),
    );
    const additions = conform(
      shape({
        roundId: z.string(),
        submissions: int.min(0),
        version: z.literal(2),
        verdict: z.enum(['clear', 'no-clear-winner', 'too-few-submissions']),
        stability: z.number().min(0).max(1),
        fit: z.number(),
        interaction: z.union([z.null(), shape({ dimensions: z.tuple([z.string(), z.string()]), importance: z.number().min(0).max(1) })]),
        params: z.union([z.null(), shape({ min: int, max: int, correlation: z.number().min(-1).max(1) })]),
        dimensions: z.array(shape({ name: z.string(), importance: z.number().min(0).max(1), best: z.union([z.string(), z.number(), z.null()]), spread: z.number().min(0), kind: z.enum(['numeric', 'categorical']), curve: z.array(shape({ value: z.union([z.string(), z.number()]), score: z.number().min(0).max(1) })) })),
      }),
      (await http(`/api/rounds/${round.id}/insights`)).json(),
    );
    expect(additions.verdict).toBe('too-few-submissions');
    expect((await http('/api/rounds/no-such-round/insights')).status).toBe(404);
    expect((await http('/api/rounds/no-such-round/leaderboard')).status).toBe(404);

    // CSV
    expect((await http(`/api/tournaments/${code}/results.csv`)).status).toBe(401);
    expect((await http(`/api/tournaments/${code}/results.csv`, { 'x-host-key': `${hostKey}x` })).status).toBe(401);
    expect((await http('/api/tournaments/ZZZZZZ/results.csv', { 'x-host-key': hostKey })).status).toBe(404);
    expect((await http('/api/tournaments/ZZZZZZ/results.csv')).status).toBe(404);
    const csv = await http(`/api/tournaments/${code.toLowerCase()}/results.csv`, { 'x-host-key': hostKey });
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.split(/\r?\n/);
    expect(lines[0]).toMatch(/^[a-z0-9_]+(,[a-z0-9_]+)+$/);
    const body = lines.slice(1).join('\n');
    for (const name of ['Honest', 'Forger', 'Idle']) expect(body).toContain(name);
    const idleRow = lines.find((l) => l.includes('Idle'));
    expect(idleRow?.split(',')).toContain('0');

    // health
    const health = await http('/api/health');
    expect(health.status).toBe(200);
    conform(z.strictObject({ ok: z.literal(true), protocol: z.literal(1), version: z.string() }), health.json());
  });
});
