'use client';
/**
 * The training points of a 2-D task for previews: built on the main thread with the same
 * game/ builder the worker uses (a few hundred points, well under a millisecond).
 */
import { useEffect, useState } from 'react';
import type { TaskId } from '../../game/spec';
import { buildTrainSet } from '../../game/tasks/round-data';
import { taskInfo } from '../../game/tasks/catalog';

export interface Points {
  x: Float32Array;
  y: Int32Array;
}

/** Null until built, and always null for tasks with more than 2 features. */
export function useTrainPoints(taskId: TaskId | null, trainSeed: number | null, trainSize: number, noise: number): Points | null {
  const [points, setPoints] = useState<Points | null>(null);
  useEffect(() => {
    if (!taskId || trainSeed === null || taskInfo(taskId).inputDim !== 2) {
      setPoints(null);
      return;
    }
    let live = true;
    buildTrainSet({ taskId, trainSeed, trainSize, noise })
      .then((d) => {
        if (live) setPoints({ x: d.x, y: d.y });
      })
      .catch(() => {
        if (live) setPoints(null);
      });
    return () => {
      live = false;
    };
  }, [taskId, trainSeed, trainSize, noise]);
  return points;
}
