/**
 * The wire contract (PROTOCOL.md, version 1) in one module: the version constant, the error codes,
 * the zod schema of every client→server message, the public shapes the server sends, and the
 * ack helpers. The server, the bot and the UI all import it; handlers only see parsed values.
 */
import { z } from 'zod';
import { backendSchema, networkSchema, rulesSchema, taskIdSchema, trainingSchema } from './spec';
import type { NetworkSpec, Rules, TrainingSpec, Backend, TaskId } from './spec';
import type { AuditState, LeaderboardEntry } from './leaderboard';
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
} as const;

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
  [C2S.playerKick]: z.object({ code: codeSchema, hostKey: secretSchema, playerId: idSchema }),
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
  task: { id: TaskId; inputDim: number; classes: number };
  trainRows: number[] | null;
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

export interface LeaderboardUpdate {
  roundId: string;
  final: boolean;
  entries: LeaderboardEntry[];
}

export interface ProgressUpdate {
  roundId: string;
  players: { playerId: string; nickname: string; epoch: number; loss: number; accuracy: number }[];
}

export interface InsightsResponse {
  roundId: string;
  submissions: number;
  dimensions: { name: string; importance: number; best: string | number | null }[];
}

/** What each client event's successful ack carries (besides `ok: true`). */
export interface AckData {
  'tournament:create': { tournament: TournamentPublic; hostKey: string };
  'host:resume': { tournament: TournamentPublic; rounds: RoundPublic[] };
  'round:create': { round: RoundPublic };
  'round:start': { round: RoundPublic };
  'round:close': { round: RoundPublic };
  'player:kick': Record<string, never>;
  'player:join': {
    player: { id: string; nickname: string };
    playerToken: string;
    tournament: TournamentPublic;
    round: RoundPublic | null;
  };
  'submission:create': { submission: SubmissionPublic; rank: number };
  spectate: { tournament: TournamentPublic; round: RoundPublic | null; leaderboard: LeaderboardEntry[] };
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
