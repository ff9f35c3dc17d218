/**
 * Each round's board when several servers write one database (PostgreSQL + Redis): a
 * `RankedBoard` kept in memory like server/live-boards.ts, but refreshed from the other servers'
 * writes without reading the whole round on every read (that rebuild, on every board, ack rank
 * and `leaderboard:you`, is what made two servers slower than one).
 *
 * - This server's own writes (a submission stored, a verdict, a kick) move the board at once.
 * - A read reuses a board refreshed less than `freshMs` ago; concurrent readers share one refresh.
 * - A refresh reads only the round's rows stored after a sequence (`listSubmissionsAfter`). Sequences
 *   are handed out at insert but commit out of order across servers, so the sequence it reads after
 *   is the highest one seen by a refresh that started at least `lookBackMs` before this one: rows
 *   of the last `lookBackMs` are read again (an upsert of a known row is a no-op), and a row whose
 *   insert took longer than that to commit is still found by the next full rebuild.
 * - At most every `rebuildMs` a read rebuilds the board from every row and the players, which picks
 *   up what moves rows without a new sequence: other servers' audit verdicts, rescores and kicks.
 *   When that rebuild moved someone, `changed(roundId)` tells the caller (their `leaderboard:you`).
 *
 * It is a cache of the rows, never the truth; the last `capacity` rounds are kept.
 */
import { RankedBoard } from '../game/ranked-board';
import type { PlayerRow, RoundRow, Storage, SubmissionMeta } from '../db/storage';
import type { LiveBoards } from './live-boards';
import { LruCache } from './lru';

/** Tunings of `createSharedBoards` (defaults in brackets). */
export interface SharedBoardOptions {
  /** A board refreshed this recently is read as it is, ms [100]. */
  freshMs?: number;
  /** A read rebuilds the whole board when the last rebuild is this old, ms [2,000]. */
  rebuildMs?: number;
  /** How long an insert may take to commit and still be found by the incremental read, ms [500]. */
  lookBackMs?: number;
  /** Rounds kept [32]. */
  capacity?: number;
  /** Monotonic milliseconds [performance.now]. */
  now?: () => number;
  /** A full rebuild moved somebody's entry or rank (another server's verdict, rescore or kick). */
  changed?: (roundId: string) => void;
}

/** The sequence of a row stored here whose number the store has not told yet: after every real one. */
const LOCAL_SEQ = Number.MAX_SAFE_INTEGER;

interface Player {
  nickname: string;
  kicked: boolean;
}

interface Slot {
  roundId: string;
  tournamentId: string;
  final: boolean;
  board: RankedBoard | null;
  /** The tournament's players as last read (nicknames; kicked ones are kept off the board). */
  players: Map<string, Player>;
  /** Every row with a sequence at or below this has been read. */
  settled: number;
  /** The highest sequence read so far. */
  maxSeq: number;
  /** (start of a refresh, `maxSeq` after it): what `settled` advances to once `lookBackMs` old. */
  marks: { at: number; seq: number }[];
  /** Start of the last refresh (−∞: the next read refreshes). */
  freshAt: number;
  /** Start of the last full rebuild. */
  rebuiltAt: number;
  refreshing: Promise<RankedBoard> | null;
  /** Local writes made while a refresh was reading, applied again on top of what it read. */
  replay: ((board: RankedBoard) => void)[] | null;
}

/**
 * @example const boards = createSharedBoards(pgStore, { changed: (id) => scheduleYou(ctx, id) }); (await boards.get(round)).rankOf(playerId);
 */
export function createSharedBoards(store: Storage, opts: SharedBoardOptions = {}): LiveBoards {
  const freshMs = opts.freshMs ?? 100;
  const rebuildMs = opts.rebuildMs ?? 2_000;
  const lookBackMs = opts.lookBackMs ?? 500;
  const now = opts.now ?? (() => performance.now());
  const slots = new LruCache<string, Slot>(opts.capacity ?? 32);

  const remember = (slot: Slot, p: PlayerRow): void => void slot.players.set(p.id, { nickname: p.nickname, kicked: p.kickedAt !== null });
  const loadPlayers = async (slot: Slot): Promise<void> => {
    for (const p of await store.listPlayers(slot.tournamentId)) remember(slot, p);
  };

  /** Players of `subs` this slot has never seen (they joined on another server): a few by id, else all. */
  const loadUnknown = async (slot: Slot, subs: SubmissionMeta[]): Promise<void> => {
    const unknown = [...new Set(subs.filter((s) => !slot.players.has(s.playerId)).map((s) => s.playerId))];
    if (unknown.length === 0) return;
    if (unknown.length > 8) return loadPlayers(slot);
    for (const p of await Promise.all(unknown.map((id) => store.getPlayer(id)))) if (p) remember(slot, p);
  };

  const place = (slot: Slot, board: RankedBoard, subs: SubmissionMeta[]): void => {
    for (const s of subs) {
      const p = slot.players.get(s.playerId);
      if (p && !p.kicked) board.upsert({ id: s.playerId, nickname: p.nickname }, s);
      if (s.seq !== undefined && s.seq > slot.maxSeq) slot.maxSeq = s.seq;
    }
  };

  /** What each player's entry is (rank, entry, audit, count), to tell whether a rebuild moved anyone. */
  const ranks = (board: RankedBoard): Map<string, string> => {
    const out = new Map<string, string>();
    board.forEachRank((playerId, _rank, key) => out.set(playerId, key));
    return out;
  };
  const moved = (before: RankedBoard, after: RankedBoard): boolean => {
    if (before.total !== after.total) return true;
    const old = ranks(before);
    let differs = false;
    after.forEachRank((playerId, _rank, key) => {
      if (!differs && old.get(playerId) !== key) differs = true;
    });
    return differs;
  };

  const refresh = async (slot: Slot): Promise<RankedBoard> => {
    const start = now();
    const previous = slot.board;
    const full = previous === null || start - slot.rebuiltAt >= rebuildMs;
    slot.replay = [];
    let board: RankedBoard;
    if (full) {
      const [subs] = await Promise.all([store.listSubmissions(slot.roundId), loadPlayers(slot)]);
      board = new RankedBoard({ final: slot.final });
      place(slot, board, subs);
      slot.rebuiltAt = start;
    } else {
      const subs = await store.listSubmissionsAfter(slot.roundId, slot.settled);
      await loadUnknown(slot, subs);
      board = previous;
      place(slot, board, subs);
    }
    // A local write landed after the rows were read: it is newer than they are, so it wins.
    for (const write of slot.replay) write(board);
    slot.replay = null;
    slot.marks.push({ at: start, seq: slot.maxSeq });
    // Marks at least lookBackMs old: every row numbered up to theirs has committed by `start`, so
    // this read (after `settled`) has seen it. The newest such mark is kept as the next base.
    let keep = 0;
    for (let i = 0; i < slot.marks.length; i++) {
      if (slot.marks[i].at > start - lookBackMs) break;
      slot.settled = Math.max(slot.settled, slot.marks[i].seq);
      keep = i;
    }
    slot.marks.splice(0, keep);
    slot.board = board;
    slot.freshAt = start;
    if (full && previous && opts.changed && moved(previous, board)) opts.changed(slot.roundId);
    return board;
  };

  /** Applies a local write to the board now, and again after a refresh that is reading. */
  const write = (slot: Slot, apply: (board: RankedBoard) => void): void => {
    if (slot.board) apply(slot.board);
    slot.replay?.push(apply);
  };

  return {
    get(round) {
      const final = round.status === 'final';
      let slot = slots.get(round.id);
      if (!slot || slot.final !== final) {
        slot = {
          roundId: round.id,
          tournamentId: round.tournamentId,
          final,
          board: null,
          players: slot?.players ?? new Map(),
          settled: 0,
          maxSeq: 0,
          marks: [],
          freshAt: Number.NEGATIVE_INFINITY,
          rebuiltAt: Number.NEGATIVE_INFINITY,
          refreshing: null,
          replay: null,
        };
        slots.set(round.id, slot);
      }
      const s = slot;
      if (s.board && now() - s.freshAt < freshMs) return Promise.resolve(s.board);
      s.refreshing ??= refresh(s).then(
        (b) => {
          s.refreshing = null;
          return b;
        },
        (e: unknown) => {
          s.refreshing = null;
          s.replay = null;
          throw e;
        },
      );
      return s.refreshing;
    },
    submitted(sub, nickname) {
      const slot = slots.get(sub.roundId);
      if (!slot) return;
      const known = slot.players.get(sub.playerId);
      if (known?.kicked) return;
      slot.players.set(sub.playerId, { nickname, kicked: false });
      // The store numbers a row only when it reads it back. Ranked by time against rows that have
      // their number, a row without one would make the board's order inconsistent (its binary
      // search then loses rows), so until the next read brings its number it ranks after every
      // numbered row, as the newest: only an exact tie with another server's row can differ.
      const numbered = sub.seq === undefined ? { ...sub, seq: LOCAL_SEQ } : sub;
      write(slot, (b) => b.upsert({ id: sub.playerId, nickname }, numbered));
    },
    audited(roundId, submissionId, audit, scores) {
      const slot = slots.get(roundId);
      if (slot) write(slot, (b) => void b.setAudit(submissionId, audit, scores));
    },
    kicked(playerId) {
      for (const slot of slots.values()) {
        const p = slot.players.get(playerId);
        if (p) p.kicked = true;
        write(slot, (b) => b.remove(playerId));
      }
    },
    moved(roundId) {
      const slot = slots.get(roundId);
      if (slot) slot.freshAt = Number.NEGATIVE_INFINITY;
    },
  };
}
