/**
 * What a verification worker does for one job: score submitted weights on the hidden test set, or
 * replay a submission's declared training and judge it (DESIGN.md "Audit"). Runs inside a worker
 * thread; it has no state of its own besides the round-data cache and the selected tfjs backend.
 */
import { initBackend } from '../../game/backend';
import { train } from '../../game/train';
import { packWeights, unpackWeights } from '../../game/weights';
import { paramCount } from '../../game/manifest';
import { TASKS, taskShape as catalogTaskShape } from '../../game/tasks/catalog';
import type { Backend, NetworkSpec, TaskShape } from '../../game/spec';
import { diffPackedWeights } from './compare';
import type { ReplayJob, ReplayResult, RoundSecret, ScoreResult } from './messages';
import { hiddenTestFor, trainSetFor, type HiddenTest } from './round-data-cache';
import { rememberScores, rememberedScores, scoreKey } from './score-cache';
import { predictClasses, scoresOf, type Scores } from './scorer';

/** Replayed private accuracy of a webgl submission may differ by this much (2 points). */
export const WEBGL_TOLERANCE = 0.02;

type Family = 'js' | 'wasm' | 'cpu';

/** js, wasm and cpu replay on themselves; webgl has no server twin, so it replays on wasm. */
export function replayFamily(backend: Backend): Family {
  if (backend === 'js') return 'js';
  return backend === 'cpu' ? 'cpu' : 'wasm';
}

// Scoring always runs on wasm; a cpu replay switches for its training only.
const useBackend = (name: Family): Promise<void> => initBackend(name);

function taskShape(round: RoundSecret): TaskShape {
  return catalogTaskShape(round.taskId);
}

/** Public, private and full accuracy from one forward pass over the hidden test set (scorer.ts). */
function scoreOn(hidden: HiddenTest, network: NetworkSpec, task: TaskShape, weights: Float32Array): Scores {
  return scoresOf(predictClasses(network, task, weights, hidden.test), hidden.test, hidden.publicMask);
}

function checkLength(network: NetworkSpec, task: TaskShape, bytes: Uint8Array): number {
  const expected = paramCount(network, task);
  if (bytes.byteLength !== expected * 4) {
    throw new Error(`weights have ${bytes.byteLength} bytes, the network needs ${expected * 4}`);
  }
  return expected;
}

/**
 * Scores packed weights on the round's hidden test set (on wasm); a byte-identical submission this
 * worker scored before is answered from its memo (score-cache.ts). Throws when the length is wrong.
 * @example await scoreJob(round, network, packed) // { publicScore: 0.97, privateScore: 0.9655, ... }
 */
export async function scoreJob(round: RoundSecret, network: NetworkSpec, weights: Uint8Array): Promise<ScoreResult> {
  const started = performance.now();
  const task = taskShape(round);
  checkLength(network, task, weights);
  // A byte-identical submission (the same recipe and seed) has the same scores: answer it from memo.
  const key = scoreKey(round, network, weights);
  const remembered = rememberedScores(key);
  if (remembered) return { ...remembered, ms: Math.round(performance.now() - started) };
  await useBackend('wasm');
  const hidden = await hiddenTestFor(round);
  const scores = scoreOn(hidden, network, task, unpackWeights(weights));
  rememberScores(key, scores);
  return { ...scores, ms: Math.round(performance.now() - started) };
}

/**
 * Retrains a submission from its declared recipe on the round's training rows and judges it:
 * byte identity for js, wasm and cpu, private accuracy within `WEBGL_TOLERANCE` for webgl.
 * `betweenSteps` runs after every optimiser step (the worker scores other submissions there;
 * whatever backend it selects, it must select `replayFamily(job.backend)` again before returning).
 * @example await replayJob(round, { network, training, backend: 'wasm', weights }) // { verdict: 'verified', ... }
 */
export async function replayJob(
  round: RoundSecret,
  job: ReplayJob,
  betweenSteps?: () => void | Promise<void>,
): Promise<ReplayResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const task = taskShape(round);
  const expected = paramCount(job.network, task);
  if (job.weights.byteLength !== expected * 4) {
    return {
      verdict: 'rejected',
      reason: `the submitted weights hold ${Math.floor(job.weights.byteLength / 4)} values, the declared network has ${expected}`,
      replayScore: null,
      ms: elapsed(),
    };
  }
  const family = replayFamily(job.backend);
  const data = await trainSetFor(round);
  await useBackend(family);
  let replayed: Float32Array;
  try {
    ({ weights: replayed } = await train({ network: job.network, training: job.training, data, betweenSteps }));
  } finally {
    await useBackend('wasm');
  }
  const hidden = await hiddenTestFor(round);
  const replayScores = scoreOn(hidden, job.network, task, replayed);
  const replayScore = replayScores.privateScore;

  if (job.backend !== 'webgl') {
    const diff = diffPackedWeights(job.weights, packWeights(replayed));
    const verified = diff.sameLength && diff.differing === 0;
    return {
      verdict: verified ? 'verified' : 'rejected',
      reason: verified
        ? `replayed on ${family}: weights byte-identical (${diff.total} values)`
        : `replayed weights differ from the submitted ones at ${diff.differing} of ${diff.total} values`,
      replayScore,
      replayScores,
      ms: elapsed(),
    };
  }
  const submittedScore = scoreOn(hidden, job.network, task, unpackWeights(job.weights)).privateScore;
  const gap = Math.abs(replayScore - submittedScore);
  // The scores are rounded to 4 decimals; the epsilon keeps an exact 0.0200 gap inside.
  const verified = gap <= WEBGL_TOLERANCE + 1e-9;
  return {
    verdict: verified ? 'verified' : 'rejected',
    reason:
      `webgl submission replayed on wasm: private accuracy ${replayScore.toFixed(4)} replayed vs ` +
      `${submittedScore.toFixed(4)} submitted, a gap of ${gap.toFixed(4)}, ` +
      `${verified ? 'within' : 'beyond'} the ${WEBGL_TOLERANCE} tolerance`,
    replayScore,
    replayScores,
    ms: elapsed(),
  };
}
