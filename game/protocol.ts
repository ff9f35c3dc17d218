/**
 * The wire contract (PROTOCOL.md, version 1) in one module: the version constant, the error codes,
 * the zod schema of every client→server message, the public shapes the server sends, and the
 * ack helpers. The server, the bot and the UI all import it; handlers only see parsed values.
 */
import { z } from 'zod';
import { ACTIVATIONS, backendSchema, networkSchema, rulesSchema, taskIdSchema, trainingSchema } from './spec';
import type { NetworkSpec, Rules, TrainingSpec, Backend, TaskId, ImageShape } from './spec';
import type { AuditState, LeaderboardEntry } from './leaderboard';
import type { InsightsFold } from './insights';
import { nicknameProblem, normalizeNickname } from './nickname';

export const PROTOCOL_VERSION = 1 as const;

export const ERROR_CODES = [
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
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Client→server event names. */
export const C2S = {
  tournamentCreate: 'tournament:create',
  hostResume: 'host:resume',
  roundCreate: 'round:create',
  roundStart: 'round:start',
  roundClose: 'round:close',
  playerKick: 'player:kick',
  tournamentLock: 'tournament:lock',
  playerJoin: 'player:join',
  submissionCreate: 'submission:create',
  trainingProgress: 'training:progress',
  spectate: 'spectate',
} as const;

/** Server→client broadcast event names. */
export const S2C = {
  roundUpdate: 'round:update',
  leaderboardUpdate: 'leaderboard:update',
  standingsUpdate: 'standings:update',
  progressUpdate: 'progress:update',
  playerKicked: 'player:kicked',
  leaderboardYou: 'leaderboard:you',
  playersUpdate: 'players:update',
} as const satisfies Record<string, ServerEvent>;

/** Join-code alphabet: upper-case letters and digits without look-alikes (no 0/O/1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** Largest accepted socket.io message, in bytes (weights of a 1M-parameter net fit). */
export const MAX_PAYLOAD_BYTES = 5_000_000;

// A code is any short string: unknown codes answer NOT_FOUND (step 2), not BAD_REQUEST.
const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .transform((s) => s.toUpperCase());
// Keys and tokens may be missing at the schema level: a missing secret answers UNAUTHORIZED.
const secretSchema = z.string().max(256).optional();
const idSchema = z.string().min(1).max(64);

/**
 * A nickname: NFKC-normalised and trimmed (game/nickname.ts), 1–24 characters, and refused with
 * its reason for lone surrogates, control, bidi, zero-width/invisible or private-use characters.
 */
export const nicknameSchema = z
  .string()
  .max(256)
  .superRefine((s, ctx) => {
    const problem = nicknameProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeNickname)
  .pipe(z.string().min(1).max(24));

/** Binary weights: ArrayBuffer, typed array or Buffer, normalized to a Uint8Array view. */
export const weightsSchema = z
  .custom<ArrayBuffer | ArrayBufferView>(
    (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v),
    { message: 'weights must be binary (ArrayBuffer, typed array or Buffer)' },
  )
  .transform((v) =>
    v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
  );

export const rulesOverrideSchema = rulesSchema.partial();

/**
 * A client-chosen idempotency key for `submission:create` (addition to PROTOCOL.md): 8–64
 * characters of [A-Za-z0-9_-], e.g. 16 random bytes in base64url (22 characters). A repeated call
 * with the same key answers the submission already stored under it instead of storing another.
 * @example submissionKeySchema.parse('q3Xk9_aZ-1bC2dE3fG4hIw') // ok
 */
export const submissionKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, {
  message: 'submissionKey must be 8-64 characters of A-Z, a-z, 0-9, _ or -',
});

export const messageSchemas = {
  [C2S.tournamentCreate]: z.object({ title: z.string().trim().min(1).max(80) }),
  [C2S.hostResume]: z.object({ code: codeSchema, hostKey: secretSchema }),
  [C2S.roundCreate]: z.object({
    code: codeSchema,
    hostKey: secretSchema,
    taskId: taskIdSchema,
    rules: rulesOverrideSchema.optional(),
    preset: z.string().min(1).max(64).optional(),
    title: z.string().trim().min(1).max(80).optional(),
  }),
  [C2S.roundStart]: z.object({ code: codeSchema, hostKey: secretSchema, roundId: idSchema }),
  [C2S.roundClose]: z.object({ code: codeSchema, hostKey: secretSchema, roundId: idSchema }),
  /** `block` (addition): also keep the player's client address out of the tournament. */
  [C2S.playerKick]: z.object({ code: codeSchema, hostKey: secretSchema, playerId: idSchema, block: z.boolean().optional() }),
  /** Addition: a locked tournament refuses new nicknames (CONFLICT); resumes by token still work. */
  [C2S.tournamentLock]: z.object({ code: codeSchema, hostKey: secretSchema, locked: z.boolean() }),
  [C2S.playerJoin]: z.union([
    z.object({ code: codeSchema, playerToken: z.string().max(256) }),
    z.object({ code: codeSchema, nickname: nicknameSchema }),
  ]),
  [C2S.submissionCreate]: z.object({
    playerToken: secretSchema,
    roundId: idSchema,
    network: networkSchema,
    training: trainingSchema,
    backend: backendSchema,
    weights: weightsSchema,
    claimed: z
      .object({ trainLoss: z.number().finite(), trainAccuracy: z.number().min(0).max(1) })
      .optional(),
    submissionKey: submissionKeySchema.optional(),
  }),
  [C2S.trainingProgress]: z.object({
    playerToken: secretSchema,
    roundId: idSchema,
    epoch: z.number().int().min(0).max(100_000),
    loss: z.number().finite(),
    accuracy: z.number().min(0).max(1),
  }),
  [C2S.spectate]: z.object({ code: codeSchema }),
} as const;

export type ClientEvent = keyof typeof messageSchemas;
/** The parsed payload of a client event, as handlers see it. */
export type Message<E extends ClientEvent> = z.output<(typeof messageSchemas)[E]>;

/** Defined once, beside the leaderboard fold that decides it. */
export type { AuditState };
export type RoundStatus = 'draft' | 'open' | 'closed' | 'final';

export interface TournamentPublic {
  code: string;
  title: string;
  createdAt: string;
  players: number;
  status: 'active' | 'finished';
  /** Addition: the host locked the lobby (`tournament:lock`); new nicknames are refused. */
  locked: boolean;
}

export interface RoundPublic {
  id: string;
  index: number;
  title: string;
  status: RoundStatus;
  rules: Rules;
  trainSeed: number | null;
  startedAt: string | null;
  endsAt: string | null;
  /** `image`: image tasks only (PROTOCOL.md `task.image`). */
  task: { id: TaskId; inputDim: number; classes: number; image?: ImageShape };
  trainRows: number[] | null;
  /** Addition (issue 11): the preset the round was made from, or null for custom rules (its lesson: game/debrief.ts). */
  presetId?: string | null;
}

export interface SubmissionPublic {
  id: string;
  roundId: string;
  playerId: string;
  publicScore: number;
  createdAt: string;
  audit: AuditState;
  backend: Backend;
}

export type { LeaderboardEntry };

export interface StandingEntry {
  rank: number;
  playerId: string;
  nickname: string;
  points: number;
}

/** `leaderboard:update`: `total` entries on the whole board, `entries` the best min(total, BOARD_TOP) in rank order. */
export interface LeaderboardUpdate {
  roundId: string;
  final: boolean;
  total: number;
  entries: LeaderboardEntry[];
}

/**
 * `players:update` (addition, docs/protocol.md): the change since the last one. `count` is the
 * number of active players now; `joined` in join order; `kicked` are player ids.
 */
export interface PlayersUpdate {
  code: string;
  count: number;
  joined: { id: string; nickname: string }[];
  kicked: string[];
}

/** How many entries `leaderboard:update` carries at most (PROTOCOL.md: the top 50). */
export const BOARD_TOP = 50;
/** The largest `limit` of `GET /api/rounds/:id/leaderboard`. */
export const BOARD_PAGE_MAX = 500;

/** `leaderboard:you`: one player's own entry and rank, sent to that player's sockets when it changed. */
export interface LeaderboardYou {
  roundId: string;
  final: boolean;
  total: number;
  entry: LeaderboardEntry;
}

export interface ProgressUpdate {
  roundId: string;
  players: { playerId: string; nickname: string; epoch: number; loss: number; accuracy: number }[];
}

/**
 * `GET /api/rounds/:id/insights`: `roundId`, `submissions` and `dimensions` as PROTOCOL.md fixes
 * them, plus `version` and, from version 2, the documented additions (docs/protocol.md).
 */
export type InsightsResponse = { roundId: string; submissions: number } & InsightsFold;

/** What each client event's successful ack carries (besides `ok: true`). */
export interface AckData {
  'tournament:create': { tournament: TournamentPublic; hostKey: string };
  'host:resume': { tournament: TournamentPublic; rounds: RoundPublic[] };
  'round:create': { round: RoundPublic };
  'round:start': { round: RoundPublic };
  'round:close': { round: RoundPublic };
  'player:kick': Record<string, never>;
  'tournament:lock': { tournament: TournamentPublic };
  'player:join': {
    player: { id: string; nickname: string };
    playerToken: string;
    tournament: TournamentPublic;
    round: RoundPublic | null;
  };
  'submission:create': { submission: SubmissionPublic; rank: number };
  /** `leaderboard`: the top BOARD_TOP of the current round; `total`: entries on its whole board (addition). */
  spectate: { tournament: TournamentPublic; round: RoundPublic | null; leaderboard: LeaderboardEntry[]; total: number };
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}
export type AckFailure = { ok: false; error: ErrorBody };
export type Ack<T> = ({ ok: true } & T) | AckFailure;

/** Builds a success ack. @example ok({ round }) // { ok: true, round } */
export function ok<T extends object>(data: T): { ok: true } & T {
  return { ok: true, ...data };
}

/** Builds a failure ack; `message` is one human sentence. @example fail('NOT_FOUND', 'No tournament has code ABC234.') */
export function fail(code: ErrorCode, message: string): AckFailure {
  return { ok: false, error: { code, message } };
}

/** Turns zod issues into one readable sentence naming the fields. */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.map(String).join('.') : 'payload';
    return `${path}: ${i.message}`;
  });
  return `Invalid request (${parts.join('; ')}).`;
}

export type { NetworkSpec, TrainingSpec, Rules, Backend, TaskId };

// ------------------------------------------------------------ server → client events
// One map of every server→client event, each with the zod schema of its payload. The broadcaster
// takes only these events with these payloads, and the UI and the bot listen through the map, so
// a payload's shape is written once. Tests parse real broadcasts with the schemas.

const isoSchema = z.string();
const auditSchema = z.enum(['pending', 'verified', 'rejected']);

export const roundPublicSchema = z.object({
  id: z.string(),
  index: z.number().int(),
  title: z.string(),
  status: z.enum(['draft', 'open', 'closed', 'final']),
  rules: rulesSchema,
  trainSeed: z.number().nullable(),
  startedAt: isoSchema.nullable(),
  endsAt: isoSchema.nullable(),
  task: z.object({
    id: taskIdSchema,
    inputDim: z.number().int(),
    classes: z.number().int(),
    image: z.object({ height: z.number().int(), width: z.number().int(), channels: z.number().int() }).optional(),
  }),
  trainRows: z.array(z.number().int()).nullable(),
  presetId: z.string().max(64).nullable().optional(),
});

export const leaderboardEntrySchema = z.object({
  rank: z.number().int().min(1),
  playerId: z.string(),
  nickname: z.string(),
  publicScore: z.number(),
  privateScore: z.number().nullable(),
  submissions: z.number().int(),
  bestAt: isoSchema,
  audit: auditSchema,
  network: z.object({
    depth: z.number().int(),
    width: z.number().int(),
    activation: z.union([z.enum(ACTIVATIONS), z.literal('mixed')]),
    shortcut: networkSchema.shape.shortcut.unwrap(),
    groups: z.number().int(),
  }),
  params: z.number().int(),
});

const standingEntrySchema = z.object({ rank: z.number().int(), playerId: z.string(), nickname: z.string(), points: z.number() });
const playerPublicSchema = z.object({ id: z.string(), nickname: z.string() });

/** Payload schema of every server→client event (PROTOCOL.md broadcasts plus the additions). */
export const serverEventSchemas = {
  'round:update': roundPublicSchema,
  'leaderboard:update': z.object({
    roundId: z.string(),
    final: z.boolean(),
    total: z.number().int().min(0),
    entries: z.array(leaderboardEntrySchema).max(BOARD_PAGE_MAX),
  }),
  'leaderboard:you': z.object({ roundId: z.string(), final: z.boolean(), total: z.number().int().min(1), entry: leaderboardEntrySchema }),
  'standings:update': z.object({ code: z.string(), entries: z.array(standingEntrySchema) }),
  /** To the host room: a player's first socket connected or their last one dropped (server/presence.ts). */
  'player:presence': z.object({ playerId: z.string(), online: z.boolean() }),
  'progress:update': z.object({
    roundId: z.string(),
    players: z.array(
      z.object({ playerId: z.string(), nickname: z.string(), epoch: z.number(), loss: z.number(), accuracy: z.number() }),
    ),
  }),
  'players:update': z.object({
    code: z.string(),
    count: z.number().int().min(0),
    joined: z.array(playerPublicSchema),
    kicked: z.array(z.string()),
  }),
  'player:kicked': z.object({}),
} as const;

export type ServerEvent = keyof typeof serverEventSchemas;
/** What the server sends with event `E`. @example const b: ServerPayload<'leaderboard:update'> = { roundId, final: false, total: 0, entries: [] } */
export type ServerPayload<E extends ServerEvent> = z.output<(typeof serverEventSchemas)[E]>;
/** The listener map socket.io's typed `Socket<ServerEvents>` and `Server<…, ServerEvents>` take. */
export type ServerEvents = { [E in ServerEvent]: (payload: ServerPayload<E>) => void };

/** Server→client event names (S2C plus the additions). */
export const SERVER_EVENTS = Object.keys(serverEventSchemas) as ServerEvent[];

// The hand-written shapes above and the schemas must describe the same payloads.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const shapesMatch: [
  Same<ServerPayload<'round:update'>, RoundPublic>,
  Same<ServerPayload<'leaderboard:update'>, LeaderboardUpdate>,
  Same<ServerPayload<'leaderboard:you'>, LeaderboardYou>,
  Same<ServerPayload<'progress:update'>, ProgressUpdate>,
  Same<ServerPayload<'players:update'>, PlayersUpdate>,
  Same<ServerPayload<'standings:update'>['entries'][number], StandingEntry>,
] = [true, true, true, true, true, true];
void shapesMatch;

/** What a client sends with event `E` (before the server's parsing: weights as any binary view). */
export type ClientPayload<E extends ClientEvent> = z.input<(typeof messageSchemas)[E]>;
/** The emit map of a typed client socket (`Socket<ServerEvents, ClientEvents>`): each call's payload and its ack. */
export type ClientEvents = {
  [E in keyof AckData]: (payload: ClientPayload<E>, ack: (answer: Ack<AckData[E]>) => void) => void;
} & { 'training:progress': (payload: ClientPayload<'training:progress'>) => void };
