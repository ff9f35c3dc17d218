/**
 * Row → public shape conversions. This is the one place that decides what a client may see: no
 * function here reads `testSeed`, hashes, weights or hidden rows into its output.
 */
import type { RoundPublic, SubmissionPublic, TournamentPublic } from '../game/protocol';
import { TASKS } from '../game/tasks/catalog';
import type { PlayerRow, RoundRow, SubmissionMeta, TournamentRow } from '../db/storage';

/**
 * @example toTournamentPublic(row, 12) // { code, title, createdAt, players: 12, status, locked }
 */
export function toTournamentPublic(row: TournamentRow, players: number): TournamentPublic {
  return { code: row.code, title: row.title, createdAt: row.createdAt, players, status: row.status, locked: row.locked };
}

/**
 * `trainRows` is computed by the caller (it needs the secret seed); pass null for synthetic
 * tasks and for draft rounds.
 * @example toRoundPublic(row, null)
 */
export function toRoundPublic(row: RoundRow, trainRows: number[] | null): RoundPublic {
  const info = TASKS[row.rules.taskId];
  return {
    id: row.id,
    index: row.index,
    title: row.title,
    status: row.status,
    rules: row.rules,
    trainSeed: row.status === 'draft' ? null : row.trainSeed,
    startedAt: row.startedAt,
    endsAt: row.endsAt,
    task: { id: info.id, inputDim: info.inputDim, classes: info.classes, ...(info.image ? { image: { ...info.image } } : {}) },
    trainRows: row.status === 'draft' ? null : trainRows,
    presetId: row.presetId,
  };
}

/** @example toSubmissionPublic(meta) // { id, roundId, playerId, publicScore, createdAt, audit, backend } */
export function toSubmissionPublic(s: SubmissionMeta): SubmissionPublic {
  return {
    id: s.id,
    roundId: s.roundId,
    playerId: s.playerId,
    publicScore: s.publicScore,
    createdAt: s.createdAt,
    audit: s.audit,
    backend: s.backend,
  };
}

/** The submission rows of `GET /api/rounds/:id` (closed or final rounds only). */
export interface SubmissionDetail {
  id: string;
  playerId: string;
  nickname: string;
  network: SubmissionMeta['network'];
  training: SubmissionMeta['training'];
  backend: SubmissionMeta['backend'];
  params: number;
  publicScore: number;
  privateScore: number | null;
  fullScore: number | null;
  audit: SubmissionMeta['audit'];
  createdAt: string;
}

/**
 * Private and full scores are shown only once the round is closed, like the final board.
 * @example toSubmissionDetail(meta, 'ada', true)
 */
export function toSubmissionDetail(s: SubmissionMeta, nickname: string, closed: boolean): SubmissionDetail {
  return {
    id: s.id,
    playerId: s.playerId,
    nickname,
    network: s.network,
    training: s.training,
    backend: s.backend,
    params: s.params,
    publicScore: s.publicScore,
    privateScore: closed ? s.privateScore : null,
    fullScore: closed ? s.fullScore : null,
    audit: s.audit,
    createdAt: s.createdAt,
  };
}

/** Public view of a player (never the token hash). */
export function toPlayerPublic(p: PlayerRow): { id: string; nickname: string } {
  return { id: p.id, nickname: p.nickname };
}
