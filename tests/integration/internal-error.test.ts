/**
 * An unexpected failure inside a handler (here: the verifier crashes while scoring) still answers
 * exactly one ack, `INTERNAL`, with no internals in the message, and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { paramCount } from '../../game/manifest';
import type { Verifier } from '../../server/verifier';
import { TINY_NET, TINY_RULES, TINY_TRAINING, call, hostWithOpenRound, joinAs, rowCounts, serveDuringSuite } from './support/harness';

const broken: Verifier = {
  score: async () => {
    throw new Error('worker exploded at /secret/path');
  },
  replay: async () => {
    throw new Error('worker exploded');
  },
  close: async () => undefined,
};

const srv = serveDuringSuite({ verifier: broken });

describe('unexpected errors', () => {
  it('answer one INTERNAL ack and change nothing', async () => {
    const { code, round } = await hostWithOpenRound(srv.url, TINY_RULES);
    const ada = await joinAs(srv.url, code, 'ada');
    const before = rowCounts(srv.dbFile);
    let acks = 0;
    const answer = await new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
      ada.socket.emit(
        'submission:create',
        {
          playerToken: ada.token,
          roundId: round.id,
          network: TINY_NET,
          training: TINY_TRAINING,
          backend: 'cpu',
          weights: new Uint8Array(4 * paramCount(TINY_NET, { inputDim: 2, classes: 2 })),
        },
        (a: { ok: boolean; error?: { code: string; message: string } }) => {
          acks++;
          resolve(a);
        },
      );
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(answer.error?.message).not.toContain('/secret/path');
    expect(rowCounts(srv.dbFile)).toEqual(before);
    // The connection still works afterwards, and that call was acknowledged once.
    expect((await call(ada.socket, 'spectate', { code })).ok).toBe(true);
    expect(acks).toBe(1);
  });
});
