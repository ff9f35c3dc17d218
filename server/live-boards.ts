/**
 * Each round's board kept in memory as a `RankedBoard` (game/ranked-board.ts), built from storage
 * on first use and then moved by the writes that change it (a submission stored, an audit verdict,
 * a kick), so a submission costs one row move, not a rebuilt board. The ack's rank, every
 * `leaderboard:update`, every `leaderboard:you` and the HTTP pages all read this one structure.
 *
 * It is a cache of the rows, never the truth: a board whose round changed mode (final) is rebuilt,
 * a write that lands while a board is being built makes the build start over, and the last 32
 * rounds are kept. It sees only this process's writes: with several servers on one database,
 * server/shared-boards.ts keeps the boards instead.
 */
import { RankedBoard } from '../game/ranked-board';
import type { ReplacedScores } from '../game/ranked-board';
import type { AuditState } from '../game/leaderboard';
import type { RoundRow, Storage, SubmissionMeta } from '../db/storage';
import { LruCache } from './lru';

export interface LiveBoards {
  /** The round's board (final once the round is final), built from storage when missing. */
  get(round: RoundRow): Promise<RankedBoard>;
  /** A submission was stored (call after the insert resolved). */
  submitted(sub: SubmissionMeta, nickname: string): void;
  /**
   * A submission's audit state changed (call after the update resolved); `scores` replace its
   * scores (a verified webgl submission is ranked by its replay).
   */
  audited(roundId: string, submissionId: string, audit: AuditState, scores?: ReplacedScores): void;
  /** A player was kicked: they leave every board of the tournament. */
  kicked(playerId: string): void;
  /** Another server changed the round's board: the next read looks at storage (no-op in one process). */
  moved(roundId: string): void;
}

interface Slot {
  final: boolean;
  board: RankedBoard | null;
  building: Promise<RankedBoard> | null;
  /** Bumped by every write to this round; a build that saw another value starts over. */
  writes: number;
}

/**
 * @example const boards = createLiveBoards(store); const b = await boards.get(round); b.rankOf(playerId);
 */
export function createLiveBoards(store: Storage, opts: { capacity?: number } = {}): LiveBoards {
  const slots = new LruCache<string, Slot>(opts.capacity ?? 32);

  const build = async (round: RoundRow, slot: Slot): Promise<RankedBoard> => {
    for (;;) {
      const seen = slot.writes;
      const [subs, players] = await Promise.all([store.listSubmissions(round.id), store.listPlayers(round.tournamentId)]);
      if (slot.writes !== seen) continue;
      const board = new RankedBoard({ final: slot.final });
      const active = new Map(players.filter((p) => p.kickedAt === null).map((p) => [p.id, p]));
      for (const s of subs) {
        const p = active.get(s.playerId);
        if (p) board.upsert({ id: p.id, nickname: p.nickname }, s);
      }
      return board;
    }
  };

  const slotFor = (roundId: string): Slot | undefined => slots.get(roundId);

  return {
    async get(round) {
      const final = round.status === 'final';
      let slot = slotFor(round.id);
      if (!slot || slot.final !== final) {
        slot = { final, board: null, building: null, writes: slot?.writes ?? 0 };
        slots.set(round.id, slot);
      }
      if (slot.board) return slot.board;
      const s = slot;
      s.building ??= build(round, s).then(
        (b) => {
          s.board = b;
          s.building = null;
          return b;
        },
        (e: unknown) => {
          s.building = null;
          throw e;
        },
      );
      return s.building;
    },
    submitted(sub, nickname) {
      const slot = slotFor(sub.roundId);
      if (!slot) return;
      slot.writes++;
      slot.board?.upsert({ id: sub.playerId, nickname }, sub);
    },
    audited(roundId, submissionId, audit, scores) {
      const slot = slotFor(roundId);
      if (!slot) return;
      slot.writes++;
      slot.board?.setAudit(submissionId, audit, scores);
    },
    kicked(playerId) {
      for (const slot of slots.values()) {
        slot.writes++;
        slot.board?.remove(playerId);
      }
    },
    moved: () => undefined,
  };
}
