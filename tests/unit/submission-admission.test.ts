/**
 * The pure admission of a submission (issue 8, code structure): decided from facts, without
 * storage, in PROTOCOL.md order from step 5.
 */
import { describe, expect, it } from 'vitest';
import { admitSubmission, type AdmissionFacts } from '../../server/submission-admission';
import { defaultRules } from '../../game/presets';
import { paramCount } from '../../game/manifest';
import type { NetworkSpec, TrainingSpec } from '../../game/spec';
import type { SubmissionMeta } from '../../db/storage';

const network: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' };
const training: TrainingSpec = { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 3, l2: 0, seed: 7 };
const rules = { ...defaultRules('xor'), maxSubmissions: 2 };
const params = paramCount(network, { inputDim: 2, classes: 2 });

const facts = (over: Partial<AdmissionFacts> = {}): AdmissionFacts => ({
  round: { index: 1, status: 'open', rules },
  network,
  training,
  weights: new Uint8Array(4 * params),
  weightsSha256: 'abc',
  used: 0,
  scoring: 0,
  storedUnderKey: null,
  keyBusy: false,
  ...over,
});

const codeOf = (f: AdmissionFacts): string => {
  try {
    return admitSubmission(f).kind;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('admitSubmission', () => {
  it('admits a valid submission with its parameter count', () => {
    expect(admitSubmission(facts())).toMatchObject({ kind: 'new', params });
  });

  it('answers each step in order', () => {
    expect(codeOf(facts({ round: { index: 1, status: 'closed', rules }, network: 'bad' }))).toBe('ROUND_NOT_OPEN');
    expect(codeOf(facts({ network: { layers: Array.from({ length: 9 }, () => network.layers[0]), shortcut: 'none' }, weights: new Uint8Array(3) }))).toBe('RULE_VIOLATION');
    expect(codeOf(facts({ weights: new Uint8Array(4), used: 99 }))).toBe('WEIGHTS_INVALID');
    const nan = new Uint8Array(4 * params);
    new DataView(nan.buffer).setFloat32(4, Number.NaN, true);
    expect(codeOf(facts({ weights: nan }))).toBe('WEIGHTS_INVALID');
    expect(codeOf(facts({ used: 1, scoring: 1 }))).toBe('RATE_LIMITED');
  });

  it('answers a stored key before the limit, and waits for a key another call holds', () => {
    const stored = { weightsSha256: 'abc', network, training } as SubmissionMeta;
    expect(codeOf(facts({ storedUnderKey: stored, used: 2 }))).toBe('stored');
    expect(codeOf(facts({ storedUnderKey: { ...stored, weightsSha256: 'other' } }))).toBe('CONFLICT');
    expect(codeOf(facts({ keyBusy: true, used: 2 }))).toBe('wait');
  });
});
