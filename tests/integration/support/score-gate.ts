/**
 * A gate in front of a verifier's scoring, so a test can hold scores in flight and release them
 * when it chooses: `close()` holds every score that arrives, `waiting(n)` resolves once `n` are
 * held at once, `open()` releases them. `peak` is the most scores ever in flight together.
 * Replays pass straight through.
 * @example const gate = new ScoreGate(); startServer({ verifier: gate.wrap(pool) }); gate.close();
 */
import type { Verifier } from '../../../server/verifier';

export class ScoreGate {
  peak = 0;
  private closed = false;
  private scoring = 0;
  private held: (() => void)[] = [];
  private watchers: { n: number; resolve: () => void }[] = [];

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const go of this.held.splice(0)) go();
  }

  waiting(n: number): Promise<void> {
    if (this.held.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ n, resolve }));
  }

  wrap(inner: Verifier): Verifier {
    return {
      score: async (round, network, weights) => {
        this.scoring++;
        this.peak = Math.max(this.peak, this.scoring);
        try {
          if (this.closed) {
            await new Promise<void>((go) => {
              this.held.push(go);
              this.watchers = this.watchers.filter((w) => (this.held.length >= w.n ? (w.resolve(), false) : true));
            });
          }
          return await inner.score(round, network, weights);
        } finally {
          this.scoring--;
        }
      },
      replay: (round, job, priority, owner) => inner.replay(round, job, priority, owner),
      close: () => inner.close(),
    };
  }
}
