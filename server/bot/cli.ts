/**
 * The bot CLI: `npm run bot -- --url URL --code CODE [--name NAME] [--count N] [--strategy S]
 * [--seed N] [--backend js|wasm|cpu] [--per-round N]`. Joins the tournament, plays every round that
 * opens, prints each submission's score and rank, and runs until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runBot } from './run-bot';
import { STRATEGIES } from './strategies';

const argsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  code: z.string().trim().min(1).max(16),
  name: z.string().trim().min(1).max(24).default('bot'),
  count: z.coerce.number().int().min(1).max(500).default(1),
  strategy: z.enum(STRATEGIES).default('baseline'),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
  backend: z.enum(['js', 'wasm', 'cpu']).default('wasm'),
  'per-round': z.coerce.number().int().min(1).max(100).default(1),
});

const USAGE =
  'usage: npm run bot -- --url http://localhost:3000 --code ABC234 [--name bot] [--count 1] ' +
  `[--strategy ${STRATEGIES.join('|')}] [--seed 1] [--backend js|wasm|cpu] [--per-round 1]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      count: { type: 'string' },
      strategy: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'per-round': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(z.prettifyError(parsed.error));
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const a = parsed.data;
  const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const bots = await runBot({
    url: a.url,
    code: a.code,
    name: a.name,
    count: a.count,
    strategy: a.strategy,
    seed: a.seed,
    backend: a.backend,
    perRound: a['per-round'],
    log,
  });
  log(`${bots.players.length} bot(s) waiting for rounds (${a.strategy}); Ctrl-C stops`);
  const shutdown = (): void => {
    log(`stopping after ${bots.submitted} submission(s)`);
    void bots.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
