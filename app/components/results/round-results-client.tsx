'use client';
/**
 * Round results: the final board (public and private scores, audit badges), the insights
 * (importance bars and parallel coordinates of every submission), and "replay the winner", which
 * retrains the winning configuration from its seed in this browser's worker.
 */
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { taskInfo } from '../../../game/tasks/catalog';
import { useI18n } from '../../i18n/i18n-provider';
import { roundTitle, taskDescription, taskTitle } from '../../i18n/catalog-text';
import { fetchRoundDetails, type RoundDetails, type SubmissionDetail } from '../../lib/api';
import { pct } from '../../lib/format';
import { getBackend } from '../../lib/local-store';
import type { UiError } from '../../lib/socket-client';
import { errorText } from '../../lib/ui-error';
import { useInsights } from '../../lib/use-insights';
import { useTrainPoints } from '../../lib/use-train-points';
import { useTrainer } from '../../lib/use-trainer';
import { StatusBadge } from '../shared/audit-badge';
import { InsightsBars } from '../shared/insights-bars';
import { Debrief, LookFor } from '../shared/lesson-notes';
import { PagedBoard } from '../shared/paged-board';
import { NetworkDiagram } from '../shared/network-diagram';
import { ParallelCoords } from './parallel-coords';
import { TrainView } from '../shared/train-view';

/** The winner's best-public submission that was not rejected (the one the board ranks). */
function winnerSubmission(d: RoundDetails): SubmissionDetail | null {
  const top = [...d.leaderboard.entries].filter((e) => e.audit !== 'rejected').sort((a, b) => a.rank - b.rank)[0];
  if (!top) return null;
  const mine = d.submissions.filter((s) => s.playerId === top.playerId && s.audit !== 'rejected');
  mine.sort((a, b) => b.publicScore - a.publicScore || a.createdAt.localeCompare(b.createdAt));
  return mine[0] ?? null;
}

export function RoundResultsClient({ id }: { id: string }) {
  const { t } = useI18n();
  const [details, setDetails] = useState<RoundDetails | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const round = details?.round ?? null;
  const closed = round?.status === 'closed' || round?.status === 'final';
  const insights = useInsights(round?.id ?? null, closed, round?.status);
  const winner = useMemo(() => (details ? winnerSubmission(details) : null), [details]);
  const info = round ? taskInfo(round.task.id) : null;
  const points = useTrainPoints(info?.domain ? round?.task.id ?? null : null, round?.trainSeed ?? null, round?.rules.trainSize ?? 0, round?.rules.noise ?? 0);
  const { state, start, stop, selectConvSample } = useTrainer();

  useEffect(() => {
    let live = true;
    const load = () =>
      void fetchRoundDetails(id).then((r) => {
        if (!live) return;
        if (r.ok) setDetails(r.data);
        else setError(r.error);
      });
    load();
    return () => {
      live = false;
    };
  }, [id]);

  // While audits settle (closed, not yet final) poll the details so badges turn green.
  useEffect(() => {
    if (round?.status !== 'closed') return;
    const timer = setInterval(() => {
      void fetchRoundDetails(id).then((r) => {
        if (r.ok) setDetails(r.data);
      });
    }, 2000);
    return () => clearInterval(timer);
  }, [id, round?.status]);

  if (error) return <p className="panel error" role="alert">{errorText(t, error)}</p>;
  if (!details || !round || !info) return <p className="hint">{t('common.loading')}</p>;

  const replay = () => {
    if (!winner || round.trainSeed === null) return;
    start({
      taskId: round.task.id,
      trainSeed: round.trainSeed,
      trainSize: round.rules.trainSize,
      noise: round.rules.noise,
      trainRows: round.trainRows,
      network: winner.network,
      training: winner.training,
      // An exact backend reproduces the winner bit for bit; webgl only approximately.
      backend: winner.backend === 'webgl' ? getBackend() : winner.backend,
      boundarySize: info.domain ? 64 : 0,
      boundaryEveryMs: 150,
    });
  };

  return (
    <div className="stack" data-testid="results-page">
      <div className="row">
        <h1 style={{ margin: 0 }}>
          {t('results.title')} · {t('common.round', { n: round.index })} · {roundTitle(t, round.title)}
        </h1>
        <StatusBadge status={round.status} />
        <span className="spacer" />
        <Link href={`/watch/${details.tournament.code}`}>{details.tournament.title}</Link>
      </div>
      <p className="hint">{taskTitle(t, round.task.id)}: {taskDescription(t, round.task.id)}</p>
      <section className="panel">
        <h2>{t('results.final')}</h2>
        {/* Paged over HTTP: the whole board of a class of 2,000, 50 rows at a time; reloads as audits settle. */}
        <PagedBoard roundId={round.id} showPrivate={closed} testId="results-board" refreshKey={`${round.status}|${details.leaderboard.entries.filter((e) => e.audit === 'pending').length}`} />
      </section>
      <div className="grid grid-2">
        <section className="panel stack">
          <h2>{t('results.insights')}</h2>
          <p className="hint">{t('results.importance')}</p>
          {!closed && <p className="hint">{t('results.notClosed')}</p>}
          {insights && <Debrief presetId={round.presetId} insights={insights} />}
          {insights && <InsightsBars insights={insights} />}
        </section>
        <section className="panel stack">
          <h2>{t('results.parallel')}</h2>
          {details.submissions.length > 0 ? <ParallelCoords rows={details.submissions} /> : <p className="hint">{t('results.noRows')}</p>}
        </section>
      </div>
      {winner ? (
        <div className="grid replay-grid">
          <section className="panel stack">
            <h2>{t('results.replay')}</h2>
            <p data-testid="winner">
              <strong><bdi>{winner.nickname}</bdi></strong> · {pct(winner.privateScore ?? winner.publicScore)} · {winner.backend} · seed {winner.training.seed}
            </p>
            <NetworkDiagram network={winner.network} task={round.task} />
            <LookFor presetId={round.presetId} />
            {state.phase === 'done' && state.result && <p data-testid="replayed">{t('results.replayed', { acc: pct(state.result.accuracy) })}</p>}
          </section>
          <TrainView state={state} domain={info.domain ?? null} points={points} canTrain={round.trainSeed !== null} onTrain={replay} onStop={stop} onConvSample={selectConvSample} />
        </div>
      ) : (
        closed && <p className="hint">{t('results.replayMissing')}</p>
      )}
    </div>
  );
}
