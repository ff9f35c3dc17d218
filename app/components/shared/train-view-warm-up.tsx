'use client';
/**
 * Draws the training worker's warm-up job once in a training view that is never on screen (a
 * portal into a detached element), then removes it. The first real epoch otherwise ran the
 * view's code for the first time on the critical path: mounting the gradient strip, neuron
 * pictures and hidden space, adding the validation curves to the chart, painting the canvases
 * (issue 7: Train → first epoch ≤ 100 ms). It draws in two steps, without and then with the
 * validation curves, as a run does; it gives up as soon as a real run starts.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { taskInfo } from '../../../game/tasks/catalog';
import { cancelWarmView, onWarmView, warmView } from '../../lib/train-worker';
import { TrainView } from './train-view';

const noop = (): void => undefined;
/** The worker's warm-up task (train.worker.ts WARM_UP). */
const DOMAIN = taskInfo('xor').domain ?? null;

/** Renders nothing visible; mount it where the training worker was prestarted (the play page). */
export function TrainViewWarmUp() {
  const warm = useSyncExternalStore(onWarmView, warmView, () => null);
  const [step, setStep] = useState(0);
  const [host] = useState(() => (typeof document === 'undefined' ? null : document.createElement('div')));

  useEffect(() => {
    if (!warm) return;
    // One frame per step, so each step's effects (the chart's, the canvases') have run.
    const id = requestAnimationFrame(() => (step === 0 ? setStep(1) : cancelWarmView()));
    return () => cancelAnimationFrame(id);
  }, [warm, step]);

  if (!warm || !host) return null;
  const state = step === 0 ? { ...warm, validation: null } : warm;
  return createPortal(<TrainView state={state} domain={DOMAIN} points={null} canTrain={false} onTrain={noop} onStop={noop} />, host);
}
