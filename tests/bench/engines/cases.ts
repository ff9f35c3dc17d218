/**
 * The nets `npm run bench:train` compares the engines on (issue 7): the TensorFlow Playground's
 * own sizes on 250 spiral points with sgd at 0.03, plus a residual relu net and the digits net,
 * and two conv nets (issue 12): C1 on digits (8×8×1), C2 on 400 `strokes` pictures (12×12×1).
 * Shared by the Node run and the Chromium page, so both time exactly the same work.
 */
import type { NetworkSpec, TrainingSpec } from '../../../game/spec';

export interface BenchCase {
  id: string;
  network: NetworkSpec;
  training: TrainingSpec;
  /** 'spiral' (250 points), 'digits' (1,000 rows, loaded by the caller) or 'strokes' (400 pictures). */
  data: 'spiral' | 'digits' | 'strokes';
  /** Time a 100×100 decision grid for this net. */
  grid: boolean;
}

const layers = (units: number[], activation: 'relu' | 'tanh'): NetworkSpec['layers'] =>
  units.map((u) => ({ units: u, activation, groups: 1 }));
const sgd = (batchSize: number, epochs: number): TrainingSpec => ({ optimizer: 'sgd', learningRate: 0.03, batchSize, epochs, l2: 0, seed: 1 });

export const BENCH_CASES: BenchCase[] = [
  { id: 'N1 [4,2] tanh b10', network: { layers: layers([4, 2], 'tanh'), shortcut: 'none' }, training: sgd(10, 101), data: 'spiral', grid: true },
  { id: 'N2 6×8 tanh b10', network: { layers: layers([8, 8, 8, 8, 8, 8], 'tanh'), shortcut: 'none' }, training: sgd(10, 31), data: 'spiral', grid: true },
  { id: 'N3 4×64 tanh b10', network: { layers: layers([64, 64, 64, 64], 'tanh'), shortcut: 'none' }, training: sgd(10, 4), data: 'spiral', grid: true },
  { id: 'N4 6×8 tanh b250', network: { layers: layers([8, 8, 8, 8, 8, 8], 'tanh'), shortcut: 'none' }, training: sgd(250, 41), data: 'spiral', grid: false },
  {
    id: 'N5 3×16 relu residual b16',
    network: { layers: layers([16, 16, 16], 'relu'), shortcut: 'residual' },
    training: sgd(16, 11),
    data: 'spiral',
    grid: true,
  },
  {
    id: 'R3 digits 2×128 relu b64',
    network: { layers: layers([128, 128], 'relu'), shortcut: 'none' },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 64, epochs: 3, l2: 0, seed: 1 },
    data: 'digits',
    grid: false,
  },
  {
    // conv 8 filters 3×3 same relu + max pool (8×8×1 → 8×8×8 → 4×4×8 → 128), dense 32, head.
    id: 'C1 digits conv8 k3 same maxpool + dense32 b32',
    network: {
      layers: [
        { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' },
        { units: 32, activation: 'relu', groups: 1 },
      ],
      shortcut: 'none',
    },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 3, l2: 0, seed: 1 },
    data: 'digits',
    grid: false,
  },
  {
    // two conv layers (12×12×1 → 6×6×8 → 3×3×8 → 72), head.
    id: 'C2 strokes 2× conv8 k3 same maxpool b32',
    network: {
      layers: [
        { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' },
        { type: 'conv', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu', groups: 1, pool: 'max' },
      ],
      shortcut: 'none',
    },
    training: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 3, l2: 0, seed: 1 },
    data: 'strokes',
    grid: false,
  },
];

/**
 * The cases to run: all, or those whose id starts with one of the comma-separated prefixes in
 * BENCH_ONLY (for example `BENCH_ONLY=N1,N3`).
 */
export function selectedCase(c: BenchCase, only: string | undefined = typeof process !== 'undefined' ? process.env.BENCH_ONLY : undefined): boolean {
  if (!only) return true;
  return only.split(',').some((prefix) => c.id.startsWith(prefix.trim()));
}
