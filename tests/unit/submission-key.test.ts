/**
 * The page's submission keys: valid for the protocol's schema, fresh per trained result, and the
 * same for every retry of one result.
 */
import { describe, expect, it } from 'vitest';
import { createSubmissionKeys, newSubmissionKey } from '../../app/lib/submission-key';
import { submissionKeySchema } from '../../game/protocol';

describe('submission keys', () => {
  it('are 22 base64url characters the protocol accepts, and differ between calls', () => {
    const keys = Array.from({ length: 50 }, newSubmissionKey);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(submissionKeySchema.safeParse(key).success).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reuse one key for the same trained weights and take a new one for a new training', () => {
    const keys = createSubmissionKeys();
    const first = new Float32Array([1, 2, 3]);
    const retrained = new Float32Array([1, 2, 3]);
    expect(keys.pending(first)).toBe(false);
    const key = keys.keyFor(first);
    expect(keys.pending(first)).toBe(true);
    expect(keys.keyFor(first)).toBe(key);
    const next = keys.keyFor(retrained);
    expect(next).not.toBe(key);
    expect(keys.pending(first)).toBe(false);
    expect(keys.pending(undefined)).toBe(false);
  });
});

describe('submissionKeySchema', () => {
  it('accepts 8 to 64 characters of [A-Za-z0-9_-] and nothing else', () => {
    for (const ok of ['abcdefgh', 'A-_9'.repeat(16)]) expect(submissionKeySchema.safeParse(ok).success).toBe(true);
    for (const bad of ['abcdefg', 'a'.repeat(65), 'abcd efgh', 'abcd/efgh', 'abcd=efgh', 'ключключключ']) {
      expect(submissionKeySchema.safeParse(bad).success).toBe(false);
    }
  });
});
