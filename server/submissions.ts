/**
 * `submission:create` and `training:progress`. A submission is checked in PROTOCOL.md order
 * (token → round → status → rules → weights → limit), scored on the hidden test set by the
 * verifier outside the tournament's queue, then checked again and inserted durably inside it, so
 * scoring runs in parallel while the per-player limit and the round status still cannot race.
 */
import { createHash } from 'node:crypto';
import type { Message, SubmissionPublic } from '../game/protocol';
import type { ServiceContext } from './context';
import { newId } from './codes';
import { ApiError } from './errors';
import { playerDenied, requirePlayer, requireRound } from './lookups';
import { rankIn, scheduleBoard } from './boards';
import { roundSecret } from './audit-scheduler';
import { toSubmissionPublic } from './public-shapes';
import type { RateLimiter } from './rate-limit';
import { holdKey, keyInFlight, requireSameSubmission } from './submission-keys';
import { admitSubmission } from './submission-admission';
import { PLAYERS_LIVE_LIMIT } from './players-feed';
import type { PlayerRow, RoundRow, SubmissionMeta, SubmissionRow } from '../db/storage';
import { StorageIntegrityError } from '../db/errors';


// The last createdAt issued (epoch ms), per service. Ties on the board go to the earlier
// submission by createdAt; two inserts in one millisecond would otherwise tie and fall back to
// the random id. Inserts are serialized per tournament, so strictly increasing stamps keep the
// insertion order within this process.
function submissionTime(ctx: ServiceContext): string {
  const ms = Math.max(ctx.clock.now(), ctx.inFlight.lastStamp.value + 1);
  ctx.inFlight.lastStamp.value = ms;
  return new Date(ms).toISOString();
}

// Submissions scored but not yet inserted, per round and player: they count against the limit
// before scoring, so a burst of calls cannot make the workers score more than maxSubmissions.


type Checked = { round: RoundRow; params: number; network: SubmissionRow['network']; training: SubmissionRow['training'] };
/**
 * What the checks found: a new submission (with the release of its key, a no-op without one),
 * the submission already stored under the call's key, or another call holding that key.
 */
type CheckOutcome =
  | ({ kind: 'new'; releaseKey: () => void } & Checked)
  | { kind: 'stored'; round: RoundRow; stored: SubmissionMeta }
  | { kind: 'wait'; settled: Promise<void> };

/**
 * Steps 4–8 for a round and player: everything but scoring. Throws the step's typed error. With
 * `reserve`, a submission being scored takes one unit of the limit (the caller gives it back) and
 * holds its key. A key already stored answers `stored` (or CONFLICT) before the limit is checked,
 * so a retry at the limit is not RATE_LIMITED.
 */
async function check(
  ctx: ServiceContext,
  msg: Message<'submission:create'>,
  me: PlayerRow,
  weightsSha256: string,
  reserve?: Map<string, number>,
): Promise<CheckOutcome> {
  // Facts first, then the pure decision. The round and the count are read at once: on PostgreSQL
  // each is a round trip, and inside the tournament's queue one submission's round trips hold up
  // every other submission of the class on this server.
  const [round, stored] = await Promise.all([requireRound(ctx, me.tournamentId, msg.roundId), ctx.store.countSubmissions(msg.roundId, me.id)]);
  const { submissionKey } = msg;
  const open = round.status === 'open';
  const used = open ? stored + (ctx.inFlight.committing.get(`${round.id}:${me.id}`) ?? 0) : 0;
  // The key is looked up after the count: a row stored in between is then found here, never
  // counted against a retry that the limit would refuse.
  const storedRow = open && submissionKey !== undefined ? await ctx.store.findSubmissionByKey(round.id, me.id, submissionKey) : null;
  // No await from here to the reservation: concurrent calls cannot both take the last unit, nor
  // both take one key (inside the queue the caller holds its own key, so it is not consulted).
  const key = `${round.id}:${me.id}`;
  const scoring = reserve?.get(key) ?? 0;
  const keyBusy = reserve !== undefined && submissionKey !== undefined && keyInFlight(ctx, round.id, me.id, submissionKey) !== null;
  const admitted = admitSubmission({
    round,
    network: msg.network,
    training: msg.training,
    weights: msg.weights,
    weightsSha256,
    used,
    scoring,
    storedUnderKey: storedRow,
    keyBusy,
  });
  if (admitted.kind === 'stored') return { kind: 'stored', round, stored: admitted.stored };
  if (admitted.kind === 'wait') {
    return { kind: 'wait', settled: keyInFlight(ctx, round.id, me.id, submissionKey ?? '') ?? Promise.resolve() };
  }
  const checked = admitted;
  reserve?.set(key, scoring + 1);
  const releaseKey = reserve && submissionKey !== undefined ? holdKey(ctx, round.id, me.id, submissionKey) : () => undefined;
  return { kind: 'new', releaseKey, round, params: checked.params, network: checked.network, training: checked.training };
}

/** The ack of a repeated key: the stored submission, with the player's current rank on the live board. */
async function answerStored(
  ctx: ServiceContext,
  playerId: string,
  round: RoundRow,
  stored: SubmissionMeta,
): Promise<{ submission: SubmissionPublic; rank: number }> {
  return { submission: toSubmissionPublic(stored), rank: await rankIn(ctx, round, playerId) };
}

/** What the queued step hands back: a stored submission's answer, or a row whose commit is under way. */
type QueueOutcome =
  | { answer: { submission: SubmissionPublic; rank: number } }
  | { commit: { row: SubmissionRow; round: RoundRow; nickname: string; committed: Promise<void> } };

/**
 * After an insert failed: the row another process stored under the same (round, player, key), when
 * the failure was that key's unique index or the limit and the stored content is the same
 * (CONFLICT when not); null for any other failure. The tournament's queue orders one process
 * only, so across servers the unique index decides, and the loser answers the winner's
 * submission instead of INTERNAL.
 */
async function storedUnderKey(ctx: ServiceContext, error: unknown, row: SubmissionRow): Promise<SubmissionMeta | null> {
  // 'limit' too: the other server's row under this key may be the one that used the last unit.
  if (!(error instanceof StorageIntegrityError) || error.kind === 'missing-reference' || row.submissionKey === null) return null;
  const stored = await ctx.store.findSubmissionByKey(row.roundId, row.playerId, row.submissionKey);
  if (!stored) return null;
  requireSameSubmission(stored, { weightsSha256: row.weightsSha256, network: row.network, training: row.training });
  return stored;
}

/**
 * Handles one submission and resolves with the ack data. Every check runs first, then the score
 * (outside the tournament's queue, so one tournament's submissions are scored in parallel), then,
 * inside the queue, the checks again (a kick, a close or other submissions may have landed while
 * it was scored) and the insert. A call rejected at any point has written nothing. A call whose
 * `submissionKey` is already stored for this player and round answers that submission and writes
 * nothing; one whose key another call is scoring waits for it, then answers the same way.
 * @example await submit(ctx, parsed) // { submission: { id, publicScore, audit: 'pending', ... }, rank: 2 }
 */
export async function submit(
  ctx: ServiceContext,
  msg: Message<'submission:create'>,
): Promise<{ submission: SubmissionPublic; rank: number }> {
  const player = await requirePlayer(ctx, msg.playerToken);
  const reserved = ctx.inFlight.scoring;
  // Copy: the incoming view points into socket.io's receive buffer.
  const weights = msg.weights.slice();
  const weightsSha256 = createHash('sha256').update(weights).digest('hex');
  let first = await check(ctx, msg, player, weightsSha256, reserved);
  while (first.kind === 'wait') {
    await first.settled;
    first = await check(ctx, msg, player, weightsSha256, reserved);
  }
  if (first.kind === 'stored') return answerStored(ctx, player.id, first.round, first.stored);
  const { releaseKey } = first;
  const key = `${first.round.id}:${player.id}`;
  const release = (): void => {
    const left = (reserved.get(key) ?? 1) - 1;
    if (left > 0) reserved.set(key, left);
    else reserved.delete(key);
  };
  try {
    const score = await ctx.openReplays
      .scoring(() => ctx.verifier.score(roundSecret(first.round), first.network, weights))
      .catch((e: unknown) => {
        release();
        throw e;
      });
    // The checks again after scoring: a kick, a close or a submission at the limit that landed
    // meanwhile wins. The player (a kick) is read alongside the round and the count (same token,
    // same id); a refused player is answered first, as when they were read one after the other.
    const recheck = async (): Promise<{ me: PlayerRow; again: CheckOutcome }> => {
      const [fresh, checked] = await Promise.allSettled([requirePlayer(ctx, msg.playerToken, player.tournamentId), check(ctx, msg, player, weightsSha256)]);
      if (fresh.status === 'rejected') throw fresh.reason;
      if (checked.status === 'rejected') throw checked.reason;
      return { me: fresh.value, again: checked.value };
    };
    // One process on its own database: inside the tournament's queue, so what is queued before
    // this submission (a kick, a close, the player's previous submission) is seen. Several servers
    // on one database: before the queue. Their queues cannot order each other's calls anyway, and
    // the insert's transaction holds the limit, the key, the round's state and the kick across all
    // of them (`whileOpen`); checked inside the queue, each submission's database round trips held
    // up the whole class on this server (4 s of queueing at 2,000 players), where SQLite answers in
    // microseconds.
    const early = ctx.sharedStore ? await recheck() : null;
    const inserted: QueueOutcome = await ctx.queue.run(player.tournamentId, async () => {
      release();
      const { me, again } = early ?? (await recheck());
      // Without a reservation map the checks never wait; a stored key is a row that landed while we scored.
      if (again.kind !== 'new') {
        if (again.kind === 'stored') return { answer: await answerStored(ctx, me.id, again.round, again.stored) };
        throw new ApiError('INTERNAL', 'The submission key check waited inside the queue.');
      }
      const { round, params, network, training } = again;
      const row: SubmissionRow = {
        id: newId(),
        roundId: round.id,
        playerId: me.id,
        network,
        training,
        backend: msg.backend,
        weights,
        weightsSha256,
        params,
        publicScore: score.publicScore,
        privateScore: score.privateScore,
        fullScore: score.fullScore,
        claimed: msg.claimed ?? null,
        audit: 'pending',
        auditReason: null,
        replayScore: null,
        createdAt: submissionTime(ctx),
        auditedAt: null,
        submissionKey: msg.submissionKey ?? null,
      };
      // Not awaited in the queue: the next submissions' checks run meanwhile and their rows join
      // the same commit. They count this row against the limit until it is committed.
      const pending = ctx.inFlight.committing;
      const key = `${round.id}:${me.id}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
      // The limit again, in the database: another server's queue does not order this one's.
      // Several servers: the round's state and the kick are read again inside the insert's
      // transaction, since this server's queue does not order another server's close or kick.
      const committed = ctx.store.insertSubmission(row, { maxPerPlayer: round.rules.maxSubmissions, whileOpen: ctx.sharedStore });
      const done = (): void => {
        const left = (pending.get(key) ?? 1) - 1;
        if (left > 0) pending.set(key, left);
        else pending.delete(key);
      };
      // Registered first, so it runs before anything else that waits for this commit.
      committed.then(done, done);
      return { commit: { row, round, nickname: me.nickname, committed } };
    });
    if ('answer' in inserted) return inserted.answer;
    const { row, round, nickname, committed } = inserted.commit;
    // The ack waits for the commit: an acknowledged submission is durable.
    try {
      await committed;
    } catch (e) {
      // Another server (its own queue, the same database) stored this key first: answer its row.
      const raced = await storedUnderKey(ctx, e, row);
      if (raced) return answerStored(ctx, row.playerId, round, raced);
      if (e instanceof StorageIntegrityError && e.kind === 'limit') {
        throw new ApiError('RATE_LIMITED', `You have used all ${round.rules.maxSubmissions} submissions of this round.`);
      }
      if (e instanceof StorageIntegrityError && e.kind === 'round-not-open') {
        throw new ApiError('ROUND_NOT_OPEN', `Round ${round.index} closed before this submission was stored.`);
      }
      if (e instanceof StorageIntegrityError && e.kind === 'kicked') {
        throw playerDenied();
      }
      throw e;
    }
    const { weights: _omit, ...meta } = row;
    void _omit;
    // The board moves by this one row; the ack's rank and the next broadcasts read the same board.
    ctx.boards.submitted(meta, nickname);
    const rank = await rankIn(ctx, round, row.playerId);
    scheduleBoard(ctx, round.id);
    ctx.openReplays.kick();
    return { submission: toSubmissionPublic(meta), rank };
  } finally {
    releaseKey();
  }
}


/** Forgets a round's progress states (it closed: the race is over). */
export function forgetProgress(ctx: ServiceContext, roundId: string): void {
  ctx.inFlight.progress.delete(roundId);
  ctx.inFlight.progressChanged.delete(roundId);
}

/**
 * Records a progress report and schedules a throttled `progress:update`. Invalid or excess
 * reports are dropped silently (the event has no ack), as PROTOCOL.md says.
 */
export async function reportProgress(
  ctx: ServiceContext,
  msg: Message<'training:progress'>,
  limiter: RateLimiter,
  boundPlayerId?: string,
): Promise<void> {
  // A socket that joined carries its player: the 4/s limit then comes before any look-up, and no
  // token is hashed per report (a flood cost a SHA-256 and a query each).
  if (boundPlayerId !== undefined && !limiter.take(boundPlayerId)) return;
  const player =
    boundPlayerId !== undefined
      ? await ctx.store.getPlayer(boundPlayerId)
      : await requirePlayer(ctx, msg.playerToken).catch(() => null);
  if (!player || player.kickedAt !== null) return;
  if (boundPlayerId === undefined && !limiter.take(player.id)) return;
  const round = await ctx.store.getRound(msg.roundId);
  if (!round || round.tournamentId !== player.tournamentId || round.status !== 'open') return;
  const rounds = ctx.inFlight.progress;
  let players = rounds.get(round.id);
  if (!players) rounds.set(round.id, (players = new Map()));
  players.set(player.id, { nickname: player.nickname, epoch: msg.epoch, loss: msg.loss, accuracy: msg.accuracy });
  const changedRounds = ctx.inFlight.progressChanged;
  let changed = changedRounds.get(round.id);
  if (!changed) changedRounds.set(round.id, (changed = new Set()));
  changed.add(player.id);
  const snapshot = players;
  const dirty = changed;
  ctx.progressThrottle.schedule(round.id, async () => {
    // The round may have closed after this report read it: its race is over, and the state this
    // report put back would otherwise never be forgotten.
    if ((await ctx.store.getRound(round.id))?.status !== 'open') {
      forgetProgress(ctx, round.id);
      return;
    }
    const sent = [...dirty];
    dirty.clear();
    // A small class hears everyone's latest state; above PLAYERS_LIVE_LIMIT racers only the
    // watchers (host, spectators: the race charts) hear, and only who reported since the last one,
    // so a tick costs what changed, not the class times the class.
    if (snapshot.size > PLAYERS_LIVE_LIMIT) {
      ctx.broadcaster.toWatchers(round.tournamentId, 'progress:update', {
        roundId: round.id,
        players: sent.flatMap((playerId) => {
          const s = snapshot.get(playerId);
          return s ? [{ playerId, ...s }] : [];
        }),
      });
      return;
    }
    ctx.broadcaster.toTournament(round.tournamentId, 'progress:update', {
      roundId: round.id,
      players: [...snapshot].map(([playerId, s]) => ({ playerId, ...s })),
    });
  });
}
