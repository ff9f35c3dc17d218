'use client';
/**
 * Live rule checking for the builder: the parameter count (game/manifest) and the violations as
 * game/rules reports them, recomputed whenever the network, training or rules change. The UI never
 * re-implements a rule; it renders game/rules' own violation codes (app/i18n/violation-text).
 */
import { useMemo } from 'react';
import { paramCount } from '../../game/manifest';
import { checkSubmission, networkStructureErrors, type Violation } from '../../game/rules';
import { ACTIVATIONS, LIMITS, SHORTCUTS, type NetworkSpec, type Rules, type TaskId, type TaskShape, type TrainingSpec } from '../../game/spec';

export interface RuleCheck {
  params: number | null;
  violations: Violation[];
  ok: boolean;
}

/**
 * @example const { params, violations, ok } = useRuleCheck(network, training, round.rules, task);
 */
export function useRuleCheck(network: NetworkSpec, training: TrainingSpec, rules: Rules, task: TaskShape): RuleCheck {
  return useMemo(() => {
    const structural = networkStructureErrors(network, task);
    const params = structural.length === 0 ? paramCount(network, task) : null;
    const r = checkSubmission(network, training, rules, task);
    return r.ok ? { params, violations: [], ok: true } : { params, violations: r.violations, ok: false };
  }, [network, training, rules, task]);
}

/** Generous rules for the solo sandbox: the schema's outer bounds and a large budget. */
export function sandboxRules(taskId: TaskId, trainSize: number, noise: number): Rules {
  return {
    taskId,
    trainSize,
    noise,
    durationSec: 3600,
    maxLayers: LIMITS.maxLayers,
    maxUnits: LIMITS.maxUnits,
    maxParams: 200_000,
    maxEpochs: 500,
    allowedActivations: [...ACTIVATIONS],
    allowedShortcuts: [...SHORTCUTS],
    maxGroups: LIMITS.maxGroups,
    maxSubmissions: 1000,
    auditTopK: 0,
  };
}
