'use client';
/**
 * The player's page: join (or resume), the round card, the builder, training in the worker with
 * live progress (also sent to the server as training:progress, at most 4 per second), Submit, and
 * the result: public score, rank, audit and submissions left. Before a round starts the player
 * sees the lobby (classmates' names as they join); after it closes, their final result, which
 * stays on screen while the next round is a draft. The builder's state is kept per round across
 * reloads (app/lib/builder-store); submitting lives in app/lib/use-submit.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import Link from 'next/link';
import type { LeaderboardEntry, RoundPublic, StandingEntry } from '../../../game/protocol';
import type { Backend, NetworkSpec, Rules, TrainingSpec } from '../../../game/spec';
import { convAllowed } from '../../../game/rules';
import { taskInfo, taskShape } from '../../../game/tasks/catalog';
import { isRealTask } from '../../../game/tasks/real-data';
import { useI18n } from '../../i18n/i18n-provider';
import { count, pct } from '../../lib/format';
import { getBackendChoice, setBackendChoice as rememberBackendChoice } from '../../lib/local-store';
import { resolveBackend, type BackendChoice } from '../../../game/engine-choice';
import { loadBuilder, saveBuilder } from '../../lib/builder-store';
import { clearTrained, loadTrained, saveTrained } from '../../lib/trained-store';
import { getSocket } from '../../lib/socket-client';
import { useLastResults } from '../../lib/use-last-results';
import { useSubmit } from '../../lib/use-submit';
import { errorText } from '../../lib/ui-error';
import { usePlayerSession } from '../../lib/use-player-session';
import { useTournamentPlayers } from '../../lib/use-tournament-players';
import { useRuleCheck } from '../../lib/use-rule-check';
import { useTrainPoints } from '../../lib/use-train-points';
import { useTrainer, type EpochInfo } from '../../lib/use-trainer';
import { prestartTrainWorker } from '../../lib/train-worker';
import { AuditBadge } from '../shared/audit-badge';
import { FinalResult } from './final-result';
import { LobbyPlayers } from '../shared/lobby-players';
import { StandingsTable } from '../shared/standings-table';
import { LeaderboardBoard } from '../shared/leaderboard-board';
import { useOwnEntry, withOwnEntry } from '../../lib/use-own-entry';
import { NetworkBuilder } from './network-builder';
import { NetworkDiagram } from '../shared/network-diagram';
import { RoundCard } from './round-card';
import { TrainingSettings, freshSeed } from './training-settings';
import { trainingWork, trainingWorkBudget, workParams } from '../../../game/training-work';
import { TrainButton, TrainView } from '../shared/train-view';
import { TrainViewWarmUp } from '../shared/train-view-warm-up';

const PROGRESS_INTERVAL_MS = 260; // the server drops more than 4/s
/** Quiet time after a builder edit before the worker warms up on the edited job. */
const WARM_DEBOUNCE_MS = 400;

function defaultNetwork(rules: Rules): NetworkSpec {
  const act = rules.allowedActivations.includes('relu') ? 'relu' : rules.allowedActivations[0];
  const units = Math.min(8, rules.maxUnits);
  return { layers: Array.from({ length: Math.min(2, rules.maxLayers) }, () => ({ units, activation: act, groups: 1 })), shortcut: rules.allowedShortcuts.includes('none') ? 'none' : rules.allowedShortcuts[0] };
}
function defaultTraining(rules: Rules): TrainingSpec {
  return { optimizer: 'adam', learningRate: 0.03, batchSize: 16, epochs: Math.min(40, rules.maxEpochs), l2: 0, seed: freshSeed() };
}

export function PlayClient({ code }: { code: string }) {
  const { t } = useI18n();
  const { session, join } = usePlayerSession(code);
  const [nickname, setNickname] = useState('');
  const [joinError, setJoinError] = useState<string | null>(null);
  const round = session.round;
  const classmates = useTournamentPlayers(code).players;
  const inLobby = session.status === 'joined' && (round === null || round.status === 'draft');
  const last = useLastResults(code, round, session.status === 'joined');

  // The training worker loads and warms up while the player joins, not after the round view
  // appears (issue 7: a Train right after joining waited for the worker's script and JIT).
  useEffect(() => prestartTrainWorker(), []);

  const onJoin = async (e: FormEvent) => {
    e.preventDefault();
    const err = await join(nickname.trim());
    setJoinError(err ? errorText(t, err) : null);
  };

  return (
    <div className="stack" data-testid="play-page">
      <TrainViewWarmUp />
      <div className="row">
        <h1 style={{ margin: 0 }}>{session.tournament?.title ?? t('play.joinTitle', { code })}</h1>
        <span className="badge">{code}</span>
        <span className="spacer" />
        {session.player && <span data-testid="player-name">{t('play.you', { name: session.player.nickname })}</span>}
        {!session.connected && session.status !== 'connecting' && <span className="error" role="alert" data-testid="disconnected">{t('common.disconnected')}</span>}
      </div>
      {session.status === 'connecting' && <p className="hint">{t('common.connecting')}</p>}
      {session.status === 'kicked' && <p className="error" data-testid="kicked">{t('play.kicked')}</p>}
      {session.status === 'not-found' && (
        <div className="panel stack" data-testid="not-found">
          <p className="error" role="alert">{t('common.notFound', { code })}</p>
          <Link className="btn" href="/">{t('nav.home')}</Link>
        </div>
      )}
      {session.status === 'needs-join' && (
        <form className="panel stack" style={{ maxWidth: 420 }} onSubmit={onJoin} data-testid="play-join-form">
          <h2>{t('play.joinTitle', { code })}</h2>
          <label className="field">
            {t('home.join.nickname')}
            <input data-testid="join-nickname" value={nickname} maxLength={24} required autoFocus autoComplete="nickname" enterKeyHint="go" onChange={(e) => setNickname(e.target.value)} />
          </label>
          {joinError && <p className="error" role="alert">{joinError}</p>}
          <button className="btn btn-primary" type="submit" data-testid="join-submit">{t('home.join.submit')}</button>
        </form>
      )}
      {session.status === 'joined' && !round && <p className="panel hint" data-testid="waiting">{t('play.waiting')}</p>}
      {inLobby && last && session.player && (
        <FinalResult round={last.round} board={last.entries} final={last.final} playerId={session.player.id} standings={session.standings} />
      )}
      {inLobby && <LobbyPlayers players={classmates} highlight={session.player?.id} />}
      {inLobby && session.standings.some((e) => e.points > 0) && <StandingsTable entries={session.standings} highlight={session.player?.id} />}
      {session.status === 'joined' && round && session.token && session.player && (
        <RoundPlay key={round.id} round={round} token={session.token} playerId={session.player.id} board={session.board} boardFinal={session.boardFinal} standings={session.standings} />
      )}
    </div>
  );
}

interface RoundPlayProps {
  round: RoundPublic;
  token: string;
  playerId: string;
  board: LeaderboardEntry[];
  boardFinal: boolean;
  standings: StandingEntry[];
}

function RoundPlay({ round, token, playerId, board, boardFinal, standings }: RoundPlayProps) {
  const { t, locale } = useI18n();
  const rules = round.rules;
  const info = taskInfo(round.task.id);
  // image: what conv layers read (image tasks only).
  const task = useMemo(() => taskShape(round.task.id), [round.task.id]);
  // Read once per round (the component is keyed by round id): a reload brings the builder back.
  const [saved] = useState(() => loadBuilder(round.id));
  const [network, setNetwork] = useState<NetworkSpec>(() => saved?.network ?? defaultNetwork(rules));
  const [training, setTraining] = useState<TrainingSpec>(() => saved?.training ?? defaultTraining(rules));
  const [backend, setBackendState] = useState<BackendChoice>('auto');
  const check = useRuleCheck(network, training, rules, task);
  // One object per edit, not per render: NetworkBuilder is memoised, and a fresh object here made
  // every trainer flush (the click on Train first of all) re-render the whole builder.
  const work = useMemo(
    () => (check.params === null ? null : { value: trainingWork(workParams(network, task), rules.trainSize, training), max: trainingWorkBudget(rules) }),
    [check.params, network, task, rules, training],
  );
  const points = useTrainPoints(info.domain ? round.task.id : null, round.trainSeed, rules.trainSize, rules.noise);
  const lastSent = useRef(0);

  useEffect(() => setBackendState(getBackendChoice()), []);
  useEffect(() => saveBuilder(round.id, { network, training }), [round.id, network, training]);
  const onBackend = useCallback((b: BackendChoice) => {
    rememberBackendChoice(b);
    setBackendState(b);
  }, []);

  const sendProgress = (e: EpochInfo, force = false) => {
    const now = performance.now();
    if (!force && now - lastSent.current < PROGRESS_INTERVAL_MS) return;
    lastSent.current = now;
    getSocket().emit('training:progress', { playerToken: token, roundId: round.id, epoch: e.epoch, loss: e.loss, accuracy: Math.min(1, Math.max(0, e.accuracy)) });
  };
  const { state, start, stop, restore, selectConvSample, warm } = useTrainer({
    onEpoch: (e) => sendProgress(e),
    onDone: (r) => sendProgress({ epoch: r.epochsRun, loss: r.loss, accuracy: r.accuracy }, true),
  });

  // Own entry and rank even outside the top 50 (leaderboard:you).
  const { entry: mine, total } = useOwnEntry(round.id, playerId, board);
  const used = mine?.submissions ?? 0;
  const left = Math.max(0, rules.maxSubmissions - used);
  const open = round.status === 'open' && round.trainSeed !== null;
  const sub = useSubmit({ token, roundId: round.id, open, left, state });
  // The board's column and its order come from the same score: private once final, else public.
  const mineScore = mine ? (boardFinal ? mine.privateScore ?? mine.publicScore : mine.publicScore) : null;

  const jobFor = (n: NetworkSpec, tr: TrainingSpec, be: Backend) =>
    round.trainSeed === null
      ? null
      : { taskId: round.task.id, trainSeed: round.trainSeed, trainSize: rules.trainSize, noise: rules.noise, trainRows: round.trainRows, network: n, training: tr, backend: be, boundarySize: info.domain ? 64 : 0, boundaryEveryMs: 150 };
  const onTrain = () => {
    const job = jobFor(network, training, resolveBackend(backend, network, task, training.batchSize));
    if (job) start(job);
  };
  // The worker runs the builder's job once, results dropped, so the first Train finds that
  // job's code compiled (issue 7): at once when the round view appears, then after each edit
  // settles.
  const warmed = useRef(false);
  useEffect(() => {
    if (!open || !check.ok) return;
    const job = jobFor(network, training, resolveBackend(backend, network, task, training.batchSize));
    if (!job) return;
    const id = setTimeout(() => warm(job), warmed.current ? WARM_DEBOUNCE_MS : 0);
    warmed.current = true;
    return () => clearTimeout(id);
    // jobFor reads only the round (this component is keyed by round id) and the edited job.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, check.ok, network, training, backend, warm]);
  // A reload brings back this round's last trained result and its curves (bug 2) until it is
  // submitted; read once, on mount (the component is keyed by round id).
  useEffect(() => {
    const kept = loadTrained(round.id);
    const job = kept && jobFor(kept.job.network, kept.job.training, kept.job.backend);
    if (kept && job) restore(job, kept.result, kept.history);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (state.phase === 'done' && state.job && state.result) saveTrained(round.id, { job: state.job, result: state.result, history: state.history });
  }, [round.id, state.phase, state.job, state.result, state.history]);
  useEffect(() => {
    if (sub.last) clearTrained(round.id);
  }, [round.id, sub.last]);

  return (
    <div className="stack">
      {(round.status === 'closed' || round.status === 'final') && (
        <FinalResult round={round} board={withOwnEntry(board, mine)} total={total} final={boardFinal} playerId={playerId} standings={standings} />
      )}
      <div className="play-layout">
        <div className="stack">
          <RoundCard round={round} />
          <NetworkBuilder network={network} onChange={setNetwork} limits={rules} params={check.params} maxParams={rules.maxParams} work={work} violations={check.violations} disabled={state.phase === 'training'} task={task} allowConv={convAllowed(rules)} />
          <TrainingSettings training={training} onChange={setTraining} maxEpochs={rules.maxEpochs} backend={backend} onBackend={onBackend} disabled={state.phase === 'training'} network={network} task={task} offerHoldout={isRealTask(round.rules.taskId)} />
        </div>
        <div className="stack">
          {!open && <p className="panel hint" data-testid="round-not-open">{round.status === 'draft' ? t('play.waiting') : t('play.roundClosed')}</p>}
          <TrainView state={state} domain={info.domain ?? null} points={points} canTrain={open && check.ok} onTrain={onTrain} onStop={stop} actions={false} onConvSample={selectConvSample} />
          <section className="panel stack result-card" data-testid="my-result" aria-live="polite">
            <h2>{t('submit.last')}</h2>
            {sub.last ? (
              <div className="row" style={{ gap: '2rem' }}>
                <span className="stat">
                  <span className="label">{t('common.public')}</span>
                  <span className="value big-number" data-testid="my-score">{pct(sub.last.submission.publicScore)}</span>
                </span>
                <span className="stat">
                  <span className="label">{t('common.audit')}</span>
                  <span className="value"><AuditBadge audit={sub.last.submission.audit} /></span>
                </span>
              </div>
            ) : (
              <p className="hint">{t('common.none')}</p>
            )}
            {mine && (
              <div className="stack" style={{ gap: '0.3rem' }} data-testid="my-entry" data-rank={mine.rank}>
                <h3>{t('submit.entry')}</h3>
                <div className="row" style={{ gap: '2rem' }}>
                  <span className="stat">
                    <span className="label">{boardFinal ? t('common.private') : t('common.public')}</span>
                    <span className="value big-number" data-testid="my-best">{pct(mineScore)}</span>
                  </span>
                  <span className="stat">
                    <span className="label">{t('common.rank')}</span>
                    <span className="value big-number" data-testid="my-rank">#{mine.rank}</span>
                  </span>
                  <span className="stat">
                    <span className="label">{t('common.audit')}</span>
                    <span className="value"><AuditBadge audit={mine.audit} /></span>
                  </span>
                </div>
                {sub.last && sub.last.submission.publicScore !== mine.publicScore && <p className="hint" data-testid="best-counts">{t('submit.bestCounts')}</p>}
              </div>
            )}
            <p data-testid="submissions-left" data-left={left}>{t(left === 1 ? 'submit.leftOne' : 'submit.left', { n: count(left, locale) })}</p>
          </section>
          <section className="panel">
            <h2>{t('builder.diagram')}</h2>
            <NetworkDiagram network={network} task={task} weights={state.result?.weights} />
          </section>
          <section className="panel">
            <h2>{t('host.board')}</h2>
            <LeaderboardBoard entries={withOwnEntry(board, mine)} highlight={playerId} rowHeight={44} showPrivate={boardFinal} />
            {total > board.length && <p className="hint" data-testid="board-total">{t('board.ofTotal', { shown: board.length, total })}</p>}
          </section>
        </div>
      </div>
      {/* Train and Submit stay in reach while the player scrolls the builder (sticky, phone first). */}
      <div className="action-bar" data-testid="action-bar">
        <div className="row">
          <TrainButton state={state} canTrain={open && check.ok} onTrain={onTrain} onStop={stop} />
          <button type="button" className="btn btn-go btn-big" disabled={!sub.canSubmit} onClick={sub.submit} data-testid="submit" aria-describedby={sub.blocked ? 'submit-why' : undefined}>
            {sub.submitting ? t('submit.sending') : t('submit.button')}
          </button>
          <span className="hint" data-testid="bar-status">{state.phase === 'training' ? t('train.progress', { epoch: state.epoch, epochs: state.epochs }) : ''}</span>
        </div>
        {sub.blocked && open && <p className="hint" id="submit-why" data-testid="submit-why" data-why={sub.blocked}>{t(sub.blocked)}</p>}
        {sub.error && <p className="error" role="alert" data-testid="submit-error">{errorText(t, sub.error)}</p>}
      </div>
    </div>
  );
}
