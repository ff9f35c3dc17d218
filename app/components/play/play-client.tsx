'use client';
/**
 * The player's page: join (or resume), the round card, the builder, training in the worker with
 * live progress (also sent to the server as training:progress, at most 4 per second), Submit, and
 * the result: public score, rank, audit and submissions left. Before a round starts the player
 * sees the lobby (classmates' names as they join); after it closes, their final result.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { LeaderboardEntry, RoundPublic, StandingEntry, SubmissionPublic } from '../../../game/protocol';
import type { Backend, NetworkSpec, Rules, TrainingSpec } from '../../../game/spec';
import { taskInfo } from '../../../game/tasks/catalog';
import { useI18n } from '../../i18n/i18n-provider';
import { pct } from '../../lib/format';
import { packWeights } from '../../../game/weights';
import { getBackend, setBackend as rememberBackend } from '../../lib/local-store';
import { getSocket, request } from '../../lib/socket-client';
import { createSubmissionKeys } from '../../lib/submission-key';
import { errorText } from '../../lib/ui-error';
import { usePlayerSession } from '../../lib/use-player-session';
import { useTournamentPlayers } from '../../lib/use-tournament-players';
import { useRuleCheck } from '../../lib/use-rule-check';
import { useTrainPoints } from '../../lib/use-train-points';
import { useTrainer, type EpochInfo } from '../../lib/use-trainer';
import { AuditBadge } from '../shared/audit-badge';
import { FinalResult } from './final-result';
import { LobbyPlayers } from '../shared/lobby-players';
import { StandingsTable } from '../shared/standings-table';
import { LeaderboardBoard } from '../shared/leaderboard-board';
import { NetworkBuilder } from './network-builder';
import { NetworkDiagram } from '../shared/network-diagram';
import { RoundCard } from './round-card';
import { TrainingSettings, freshSeed } from './training-settings';
import { trainingWork, trainingWorkBudget } from '../../../game/training-work';
import { TrainView } from '../shared/train-view';

const PROGRESS_INTERVAL_MS = 260; // the server drops more than 4/s

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

  const onJoin = async (e: FormEvent) => {
    e.preventDefault();
    const err = await join(nickname.trim());
    setJoinError(err ? errorText(t, err) : null);
  };

  return (
    <div className="stack" data-testid="play-page">
      <div className="row">
        <h1 style={{ margin: 0 }}>{session.tournament?.title ?? t('play.joinTitle', { code })}</h1>
        <span className="badge">{code}</span>
        <span className="spacer" />
        {session.player && <span data-testid="player-name">{t('play.you', { name: session.player.nickname })}</span>}
        {!session.connected && session.status !== 'connecting' && <span className="error" role="alert" data-testid="disconnected">{t('common.disconnected')}</span>}
      </div>
      {session.status === 'connecting' && <p className="hint">{t('common.connecting')}</p>}
      {session.status === 'kicked' && <p className="error" data-testid="kicked">{t('play.kicked')}</p>}
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
  const { t } = useI18n();
  const rules = round.rules;
  const info = taskInfo(round.task.id);
  const task = useMemo(() => ({ inputDim: round.task.inputDim, classes: round.task.classes }), [round.task.inputDim, round.task.classes]);
  const [network, setNetwork] = useState<NetworkSpec>(() => defaultNetwork(rules));
  const [training, setTraining] = useState<TrainingSpec>(() => defaultTraining(rules));
  const [backend, setBackendState] = useState<Backend>('wasm');
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [last, setLast] = useState<{ submission: SubmissionPublic; rank: number } | null>(null);
  const check = useRuleCheck(network, training, rules, task);
  const points = useTrainPoints(info.domain ? round.task.id : null, round.trainSeed, rules.trainSize, rules.noise);
  const lastSent = useRef(0);
  const submitted = useRef<Float32Array | null>(null);
  // One key per trained result: a retry after an error or a reconnect resends it, so a lost ack
  // never spends a second submission on the same weights.
  const [keys] = useState(createSubmissionKeys);

  useEffect(() => setBackendState(getBackend()), []);
  const onBackend = useCallback((b: Backend) => {
    rememberBackend(b);
    setBackendState(b);
  }, []);

  const sendProgress = (e: EpochInfo, force = false) => {
    const now = performance.now();
    if (!force && now - lastSent.current < PROGRESS_INTERVAL_MS) return;
    lastSent.current = now;
    getSocket().emit('training:progress', { playerToken: token, roundId: round.id, epoch: e.epoch, loss: e.loss, accuracy: Math.min(1, Math.max(0, e.accuracy)) });
  };
  const { state, start, stop } = useTrainer({
    onEpoch: (e) => sendProgress(e),
    onDone: (r) => sendProgress({ epoch: r.epochsRun, loss: r.loss, accuracy: r.accuracy }, true),
  });

  const mine = board.find((e) => e.playerId === playerId) ?? null;
  const used = mine?.submissions ?? 0;
  const left = Math.max(0, rules.maxSubmissions - used);
  const open = round.status === 'open' && round.trainSeed !== null;

  const onTrain = () => {
    if (round.trainSeed === null) return;
    start({
      taskId: round.task.id,
      trainSeed: round.trainSeed,
      trainSize: rules.trainSize,
      noise: rules.noise,
      trainRows: round.trainRows,
      network,
      training,
      backend,
      boundarySize: info.domain ? 64 : 0,
      boundaryEveryMs: 150,
    });
  };

  const onSubmit = async () => {
    const job = state.job;
    const result = state.result;
    if (!job || !result) return;
    setSubmitting(true);
    setSubmitError(null);
    const r = await request('submission:create', {
      playerToken: token,
      roundId: round.id,
      network: job.network,
      training: job.training,
      backend: job.backend,
      weights: packWeights(result.weights),
      claimed: { trainLoss: result.loss, trainAccuracy: Math.min(1, Math.max(0, result.accuracy)) },
      submissionKey: keys.keyFor(result.weights),
    });
    setSubmitting(false);
    if (!r.ok) return setSubmitError(errorText(t, r.error));
    submitted.current = result.weights;
    setLast({ submission: r.submission, rank: r.rank });
  };

  // The same trained weights are submitted once: a second copy would only spend a submission. A
  // retry of weights already sent stays possible at the limit: the server answers the stored one.
  const canSubmit = open && state.phase === 'done' && !submitting && (left > 0 || keys.pending(state.result?.weights)) && submitted.current !== state.result?.weights;
  return (
    <div className="stack">
      {(round.status === 'closed' || round.status === 'final') && (
        <FinalResult round={round} board={board} final={boardFinal} playerId={playerId} standings={standings} />
      )}
      <div className="play-layout">
        <div className="stack">
          <RoundCard round={round} />
          <NetworkBuilder network={network} onChange={setNetwork} limits={rules} params={check.params} maxParams={rules.maxParams} work={check.params === null ? null : { value: trainingWork(check.params, rules.trainSize, training), max: trainingWorkBudget(rules) }} violations={check.violations} disabled={state.phase === 'training'} />
          <TrainingSettings training={training} onChange={setTraining} maxEpochs={rules.maxEpochs} backend={backend} onBackend={onBackend} disabled={state.phase === 'training'} />
        </div>
        <div className="stack">
          {!open && <p className="panel hint" data-testid="round-not-open">{round.status === 'draft' ? t('play.waiting') : t('play.roundClosed')}</p>}
          <TrainView state={state} domain={info.domain ?? null} points={points} canTrain={open && check.ok} onTrain={onTrain} onStop={stop}>
            <button type="button" className="btn btn-go btn-big" disabled={!canSubmit} onClick={onSubmit} data-testid="submit" title={state.phase !== 'done' ? t('submit.needTraining') : undefined}>
              {submitting ? t('submit.sending') : t('submit.button')}
            </button>
          </TrainView>
          {submitError && <p className="error" role="alert" data-testid="submit-error">{submitError}</p>}
          <section className="panel stack result-card" data-testid="my-result" aria-live="polite">
            <h2>{t('submit.last')}</h2>
            {last || mine ? (
              <div className="row" style={{ gap: '2rem' }}>
                <span className="stat">
                  <span className="label">{t('common.public')}</span>
                  <span className="value big-number" data-testid="my-score">{pct(last?.submission.publicScore ?? mine?.publicScore)}</span>
                </span>
                <span className="stat">
                  <span className="label">{t('common.rank')}</span>
                  <span className="value big-number" data-testid="my-rank">#{mine?.rank ?? last?.rank}</span>
                </span>
                <span className="stat">
                  <span className="label">{t('common.audit')}</span>
                  <span className="value"><AuditBadge audit={mine?.audit ?? last?.submission.audit ?? 'pending'} /></span>
                </span>
              </div>
            ) : (
              <p className="hint">{t('common.none')}</p>
            )}
            <p data-testid="submissions-left" data-left={left}>{t('submit.left', { n: left })}</p>
          </section>
          <section className="panel">
            <h2>{t('builder.diagram')}</h2>
            <NetworkDiagram network={network} task={task} />
          </section>
          <section className="panel">
            <h2>{t('host.board')}</h2>
            <LeaderboardBoard entries={board} highlight={playerId} rowHeight={44} />
          </section>
        </div>
      </div>
    </div>
  );
}
