/**
 * Round ownership across servers (DESIGN.md "Scale path"): every `intervalMs` this process claims
 * the lease of each open or closed round (server/round-leases.ts). For a round it holds it runs
 * the close timer at the stored `endsAt` and, once closed, the audit and final results; a round
 * it lost goes quiet here. A server that dies stops renewing, its leases lapse, and the next tick
 * of another server takes its rounds over with the same `endsAt`. On one process (local leases)
 * the loop is not needed: opening and recovery already claim.
 */
import type { ServiceContext } from './context';
import { armTimer } from './round-lifecycle';
import { startAudit } from './audit-scheduler';

export interface RoundOwnership {
  /** One pass: claim, renew, take over, or let go (also run by the loop). */
  tick(): Promise<void>;
  /** Stops the loop and gives up every lease this process holds. */
  stop(): Promise<void>;
}

/**
 * Starts the loop (real timers, unref'd so it never keeps a process alive).
 * @example const ownership = startRoundOwnership(ctx, 5000); ...; await ownership.stop();
 */
export function startRoundOwnership(ctx: ServiceContext, intervalMs: number): RoundOwnership {
  let running: Promise<void> | null = null;

  const pass = async (): Promise<void> => {
    if (ctx.closed.value) return;
    for (const r of await ctx.store.listRoundsByStatus(['open', 'closed'])) {
      if (ctx.closed.value) return;
      const mine = await ctx.leases.claim(r.id).catch((e: unknown) => {
        ctx.log(`lease of round ${r.id}: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      });
      if (!mine) {
        if (ctx.owned.delete(r.id)) {
          // Someone took it over (this process stalled past the lease): its timer is theirs now.
          const t = ctx.timers.get(r.id);
          if (t !== undefined) ctx.clock.clearTimeout(t);
          ctx.timers.delete(r.id);
          ctx.log(`round ${r.id}: lease lost`);
        }
        continue;
      }
      if (!ctx.owned.has(r.id)) ctx.log(`round ${r.id}: owned here now`);
      ctx.owned.add(r.id);
      if (r.status === 'open' && !ctx.timers.has(r.id)) armTimer(ctx, r);
      // A host may close the round through another server: the audit is the owner's to run.
      if (r.status === 'closed' && !ctx.auditing.has(r.id)) startAudit(ctx, r.id);
    }
  };

  const tick = (): Promise<void> =>
    (running ??= pass()
      .catch((e: unknown) => ctx.log(`round ownership pass failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = null;
      }));

  const handle = setInterval(() => void tick(), intervalMs);
  handle.unref();

  return {
    tick,
    async stop() {
      clearInterval(handle);
      await running;
      for (const id of [...ctx.owned]) await ctx.leases.release(id).catch(() => undefined);
      ctx.owned.clear();
    },
  };
}
