/**
 * The HTTP reads the UI makes (`/api/*`), each answer parsed with zod at the boundary: a server
 * that answers something else yields a typed error, never a half-read object.
 */
import { z } from 'zod';
import type { InsightsResponse, LeaderboardEntry, LeaderboardUpdate, RoundPublic } from '../../game/protocol';
import { networkSchema, trainingSchema, backendSchema } from '../../game/spec';
import type { UiError } from './socket-client';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: UiError };

const auditSchema = z.enum(['pending', 'verified', 'rejected']);

// Leaderboard entries and rounds are produced by our own server from game/protocol types; they are
// checked for the fields the UI reads and otherwise trusted as those types.
const entrySchema = z.looseObject({
  rank: z.number(),
  playerId: z.string(),
  nickname: z.string(),
  publicScore: z.number().nullable(),
  privateScore: z.number().nullable(),
  submissions: z.number(),
  audit: auditSchema,
  params: z.number(),
  network: z.looseObject({ depth: z.number(), width: z.number(), activation: z.string(), shortcut: z.string(), groups: z.number() }),
});
const roundSchema = z.looseObject({
  id: z.string(),
  index: z.number(),
  status: z.enum(['draft', 'open', 'closed', 'final']),
  trainSeed: z.number().nullable(),
  rules: z.looseObject({ taskId: z.string(), trainSize: z.number(), noise: z.number() }),
  task: z.looseObject({ id: z.string(), inputDim: z.number(), classes: z.number() }),
  trainRows: z.array(z.number()).nullable(),
});

export const submissionDetailSchema = z.object({
  id: z.string(),
  playerId: z.string(),
  nickname: z.string(),
  network: networkSchema,
  training: trainingSchema,
  backend: backendSchema,
  params: z.number(),
  publicScore: z.number(),
  privateScore: z.number().nullable(),
  fullScore: z.number().nullable(),
  audit: auditSchema,
  createdAt: z.string(),
});
export type SubmissionDetail = z.output<typeof submissionDetailSchema>;

const roundDetailsSchema = z.object({
  round: roundSchema,
  tournament: z.object({ code: z.string(), title: z.string() }),
  leaderboard: z.object({ roundId: z.string(), final: z.boolean(), entries: z.array(entrySchema) }),
  submissions: z.array(submissionDetailSchema),
});
export interface RoundDetails {
  round: RoundPublic;
  tournament: { code: string; title: string };
  leaderboard: { roundId: string; final: boolean; entries: LeaderboardEntry[] };
  submissions: SubmissionDetail[];
}

const insightValue = z.union([z.string(), z.number()]);
// Version 1 rounds send the first three dimension fields only; version 2 adds the rest (docs/protocol.md).
const insightsSchema = z.looseObject({
  roundId: z.string(),
  submissions: z.number(),
  version: z.number().optional(),
  dimensions: z.array(
    z.looseObject({
      name: z.string(),
      importance: z.number(),
      best: z.union([insightValue, z.null()]),
      spread: z.number().optional(),
      kind: z.enum(['numeric', 'categorical']).optional(),
      curve: z.array(z.object({ value: insightValue, score: z.number() })).optional(),
    }),
  ),
  verdict: z.enum(['clear', 'no-clear-winner', 'too-few-submissions']).optional(),
  stability: z.number().optional(),
  fit: z.number().optional(),
  interaction: z.union([z.null(), z.object({ dimensions: z.tuple([z.string(), z.string()]), importance: z.number() })]).optional(),
  params: z.union([z.null(), z.object({ min: z.number(), max: z.number(), correlation: z.number() })]).optional(),
});

const tournamentViewSchema = z.object({
  standings: z.array(z.object({ rank: z.number(), playerId: z.string(), nickname: z.string(), points: z.number() })),
  rounds: z.array(roundSchema).optional(),
});
export type TournamentView = Omit<z.output<typeof tournamentViewSchema>, 'rounds'> & { rounds?: RoundPublic[] };

const errorBodySchema = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });

async function getJson<T>(path: string, schema: z.ZodType, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init });
  } catch (e) {
    return { ok: false, status: 0, error: { code: 'NETWORK', message: e instanceof Error ? e.message : String(e) } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = errorBodySchema.safeParse(body);
    const code = err.success ? err.data.error.code : 'INTERNAL';
    return { ok: false, status: res.status, error: { code: code as UiError['code'], message: err.success ? err.data.error.message : `HTTP ${res.status}` } };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, status: res.status, error: { code: 'INTERNAL', message: 'Unexpected answer from the server.' } };
  return { ok: true, data: parsed.data as T };
}

/** `GET /api/rounds/:id`: the round, its board and (once closed) every submission's config. */
export const fetchRoundDetails = (id: string): Promise<ApiResult<RoundDetails>> =>
  getJson<RoundDetails>(`/api/rounds/${encodeURIComponent(id)}`, roundDetailsSchema);

const leaderboardSchema = z.object({ roundId: z.string(), final: z.boolean(), total: z.number().int().min(0), entries: z.array(entrySchema) });

/** `GET /api/rounds/:id/leaderboard`: the round's current board. */
export const fetchLeaderboard = (roundId: string): Promise<ApiResult<LeaderboardUpdate>> =>
  getJson<LeaderboardUpdate>(`/api/rounds/${encodeURIComponent(roundId)}/leaderboard`, leaderboardSchema);

/** One page of the board: ranks `offset + 1 …`, at most `limit` (≤ 500), and the whole board's `total`. */
export const fetchLeaderboardPage = (roundId: string, offset: number, limit: number): Promise<ApiResult<LeaderboardUpdate>> =>
  getJson<LeaderboardUpdate>(
    `/api/rounds/${encodeURIComponent(roundId)}/leaderboard?offset=${Math.max(0, Math.floor(offset))}&limit=${Math.min(500, Math.max(1, Math.floor(limit)))}`,
    leaderboardSchema,
  );

/** `GET /api/tournaments/:code`: only the standings are read (every active player, 0 points included). */
export const fetchTournamentView = (code: string): Promise<ApiResult<TournamentView>> =>
  getJson<TournamentView>(`/api/tournaments/${encodeURIComponent(code)}`, tournamentViewSchema);

/** `GET /api/rounds/:id/insights`: 409 while the round is draft or open. */
export const fetchInsights = (id: string): Promise<ApiResult<InsightsResponse>> =>
  getJson<InsightsResponse>(`/api/rounds/${encodeURIComponent(id)}/insights`, insightsSchema);

const playerSubmissionsSchema = z.object({ roundId: z.string(), playerId: z.string(), nickname: z.string(), submissions: z.array(submissionDetailSchema) });
export type PlayerSubmissions = z.output<typeof playerSubmissionsSchema>;

/** `GET /api/rounds/:id/players/:playerId/submissions` (host key): one student's submissions. */
export const fetchPlayerSubmissions = (roundId: string, playerId: string, hostKey: string): Promise<ApiResult<PlayerSubmissions>> =>
  getJson<PlayerSubmissions>(`/api/rounds/${encodeURIComponent(roundId)}/players/${encodeURIComponent(playerId)}/submissions`, playerSubmissionsSchema, { headers: { 'x-host-key': hostKey } });

/** Downloads the results as an Excel workbook (see `downloadResultsCsv`). */
export const downloadResultsXlsx = (code: string, hostKey: string): Promise<UiError | null> => downloadResultsCsv(code, hostKey, 'xlsx');

/**
 * Downloads the tournament's results as a CSV file, or with `format` 'xlsx' as a workbook (side
 * effect: the browser saves a file). The host key travels in the `x-host-key` header, never in the URL.
 */
export async function downloadResultsCsv(code: string, hostKey: string, format: 'csv' | 'xlsx' = 'csv'): Promise<UiError | null> {
  let res: Response;
  try {
    res = await fetch(`/api/tournaments/${encodeURIComponent(code)}/results.${format}`, { headers: { 'x-host-key': hostKey }, cache: 'no-store' });
  } catch (e) {
    return { code: 'NETWORK', message: e instanceof Error ? e.message : String(e) };
  }
  if (!res.ok) return { code: res.status === 401 ? 'UNAUTHORIZED' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: `HTTP ${res.status}` };
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `tune-arena-${code}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
