import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../game/rng';
import { sha256Hex } from '../../game/sha256';

const nodeSha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every length around the padding boundaries and for 1 MB', () => {
    const rng = createRng(9);
    const big = new Uint8Array(1 << 20).map(() => rng.uint32() & 0xff);
    for (let len = 0; len <= 200; len++) expect(sha256Hex(big.subarray(0, len))).toBe(nodeSha(big.subarray(0, len)));
    expect(sha256Hex(big.subarray(3))).toBe(nodeSha(big.subarray(3)));
    expect(sha256Hex(big.slice().buffer)).toBe(nodeSha(big));
  });
});
