import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hmacSha256 } from '../../game/hmac';
import { createRng, deriveSeed } from '../../game/rng';
import { loadRealTable } from '../../game/tasks/real-data';
import { buildHiddenTest, publicMaskFor, realSplit } from '../../game/tasks/round-data';
import { isTestSecretV2, secretRng, secretSeed, testSecretFromBytes } from '../../game/tasks/test-secret';
import { newSeed, newTestSecret } from '../../server/codes';
import { nodeDatasetLoader } from '../../server/dataset-loader';

/** The secret with bit `bit` (0 = most significant of the first byte) flipped. */
function flipBit(secret: string, bit: number): string {
  const bytes = Buffer.from(secret, 'hex');
  bytes[bit >> 3] ^= 0x80 >> (bit & 7);
  return bytes.toString('hex');
}

describe('HMAC-SHA256 in game/', () => {
  it('matches RFC 4231 and node:crypto, for short and long keys', () => {
    const rfc = hmacSha256(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?');
    expect(bytesToHex(rfc)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    for (const keyLen of [0, 16, 64, 65, 131]) {
      const key = randomBytes(keyLen);
      const msg = randomBytes(keyLen * 3 + 1);
      expect(bytesToHex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
  });
});

describe('a round test secret', () => {
  it('the server draws 128 random bits as 32 hex digits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const s = newTestSecret();
      expect(s).toMatch(/^[0-9a-f]{32}$/);
      expect(isTestSecretV2(s)).toBe(true);
      seen.add(s);
    }
    expect(seen.size).toBe(50);
    expect(() => testSecretFromBytes(new Uint8Array(4))).toThrow(/16 bytes/);
    expect(() => secretRng('ABC', 'x')).toThrow(/32 lowercase hex/);
  });

  it('a legacy 32-bit seed derives exactly as before, so stored rounds keep their hidden sets', () => {
    const legacy = createRng(deriveSeed(1234, 'split:iris'));
    const now = secretRng(1234, 'split:iris');
    for (let i = 0; i < 20; i++) expect(now.uint32()).toBe(legacy.uint32());
    expect(secretSeed(1234, 'test:xor')).toBe(deriveSeed(1234, 'test:xor'));
  });

  it('every one of the 128 bits changes the train rows, the hidden rows and the public third', async () => {
    const table = await loadRealTable('digits', nodeDatasetLoader);
    const secret = newTestSecret();
    const base = realSplit('digits', secret, 600, table.y);
    const baseMask = Buffer.from(publicMaskFor(540, secret));
    const baseSeed = secretSeed(secret, 'test:spiral');
    for (let bit = 0; bit < 128; bit++) {
      const other = flipBit(secret, bit);
      const split = realSplit('digits', other, 600, table.y);
      expect(split.trainRows, `bit ${bit}`).not.toEqual(base.trainRows);
      expect(split.testRows, `bit ${bit}`).not.toEqual(base.testRows);
      expect(Buffer.from(publicMaskFor(540, other)).equals(baseMask), `bit ${bit}`).toBe(false);
      expect(secretSeed(other, 'test:spiral'), `bit ${bit}`).not.toBe(baseSeed);
    }
  });

  it('no 32-bit seed stands behind a secret: its split is none of a scanned range of legacy seeds', async () => {
    // A player who knows the public trainRows scans seeds; with v2 there is no seed to find.
    const table = await loadRealTable('iris', nodeDatasetLoader);
    const secret = newTestSecret();
    const rows = realSplit('iris', secret, 100, table.y).trainRows.join(',');
    const start = newSeed();
    for (let k = 0; k < 2000; k++) expect(realSplit('iris', (start + k) >>> 0, 100, table.y).trainRows.join(',')).not.toBe(rows);
  });

  it('the public train seed does not enter the hidden set: the same secret gives the same hidden data', async () => {
    const secret = newTestSecret();
    const p = { taskId: 'spiral' as const, testSeed: secret, trainSize: 200, noise: 0.3 };
    const a = await buildHiddenTest({ ...p, trainSeed: 1 }, nodeDatasetLoader);
    const b = await buildHiddenTest({ ...p, trainSeed: 2 ** 32 - 2 }, nodeDatasetLoader);
    expect(Buffer.from(a.test.x.buffer).equals(Buffer.from(b.test.x.buffer))).toBe(true);
    expect(Buffer.from(a.publicMask).equals(Buffer.from(b.publicMask))).toBe(true);
    // …and the secret does: another secret gives another sample.
    const c = await buildHiddenTest({ ...p, testSeed: flipBit(secret, 127), trainSeed: 1 }, nodeDatasetLoader);
    expect(Buffer.from(c.test.x.buffer).equals(Buffer.from(a.test.x.buffer))).toBe(false);
  });

  it('is derived deterministically: the same secret gives the same bytes', async () => {
    const table = await loadRealTable('wine', nodeDatasetLoader);
    const secret = testSecretFromBytes(new Uint8Array(16).fill(7));
    expect(realSplit('wine', secret, 90, table.y)).toEqual(realSplit('wine', secret, 90, table.y));
    expect(secretRng(secret, 'public').uint32()).toBe(secretRng(secret, 'public').uint32());
    expect(secretRng(secret, 'public').uint32()).not.toBe(secretRng(secret, 'split:wine').uint32());
  });
});
