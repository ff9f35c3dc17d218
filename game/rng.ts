/**
 * Seeded pseudo-random generator owned by game/. Every random draw in the game goes through it,
 * never `Math.random`, so the browser, the bot and the server replay draw the same numbers.
 *
 * Algorithm: sfc32 (Small Fast Counter), seeded through splitmix32. It uses only 32-bit integer
 * arithmetic (`Math.imul`, shifts), which every JS engine computes identically.
 */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  uint32(): number;
  /** Next float in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** Next float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Next integer in [0, n). */
  int(n: number): number;
  /**
   * Next standard normal draw (Box-Muller). It uses Math.log/cos, which may differ by an ulp
   * between JS engines; callers that need cross-engine bit identity quantize (see `quantize`).
   */
  normal(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a generator from a seed (any integer; it is reduced to 32 bits).
 * @example const rng = createRng(42); rng.next(); // same value on every engine
 */
export function createRng(seed: number): Rng {
  const mix = splitmix32(Math.trunc(seed) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  // Warm up so that close seeds diverge at once.
  for (let i = 0; i < 12; i++) uint32();
  return rngFromUint32(uint32);
}

/**
 * An Rng over any source of uint32s: floats in [0, 1) as uint32 / 2^32, and Box–Muller normals in
 * pairs. Shared by `createRng` and the HMAC-driven hidden draws (game/tasks/test-secret.ts).
 * @example rngFromUint32(() => 7).int(10) // 0
 */
export function rngFromUint32(uint32: () => number): Rng {
  const next = (): number => uint32() / 4294967296;
  let spare: number | null = null;
  return {
    uint32,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Derives an independent seed from a base seed and a label, e.g. the permutation seed of epoch 3.
 * Pure 32-bit hashing (FNV-1a over the label, mixed with the seed).
 * @example deriveSeed(7, 'epoch:3')
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (Math.trunc(seed) >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return createRng(h).uint32();
}

/**
 * Returns a seeded permutation of 0..n-1 (Fisher-Yates).
 * @example permutation(5, createRng(1)) // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * `permutation(out.length, createRng(seed))` written into `out`, with sfc32 and `int` inlined:
 * the same draws and the same swaps, so the same order bit for bit (tests/unit/rng.test.ts), without
 * the closures and the new array per call that the trainer's epoch loop would otherwise pay for.
 * @example seededPermutationInto(new Int32Array(250), deriveSeed(1, 'epoch:0'))
 */
export function seededPermutationInto(out: Int32Array, seed: number): Int32Array {
  const mix = splitmix32(Math.trunc(seed) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = i;
  // 12 warm-up draws (createRng), then one draw per swap; the same update as createRng's uint32.
  for (let i = 1 - 12; i < n; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    if (i <= 0) continue;
    // Fisher-Yates from the top: swap i' = n − i with j = floor(next() · (i' + 1)), as `permutation`.
    const top = n - i;
    const j = Math.floor(((t >>> 0) / 4294967296) * (top + 1));
    const v = out[top];
    out[top] = out[j];
    out[j] = v;
  }
  return out;
}

/**
 * Rounds a value to a multiple of 2^-16. Generated coordinates go through it so that an ulp of
 * difference in Math.sin/log between JS engines cannot change the data a player trains on.
 * The result is exactly representable as a float32 for |v| < 256.
 */
export function quantize(v: number): number {
  return Math.round(v * 65536) / 65536;
}
