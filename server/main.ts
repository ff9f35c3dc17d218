/**
 * The server process: one `http.Server` on one port serving `/api/*`, socket.io (default path)
 * and the Next app for everything else. Run directly with `node --import tsx server/main.ts`
 * (PORT, HOST, DATABASE_URL); tests call `startServer({ port: 0, next: false })`.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Server } from 'socket.io';
import { MAX_PAYLOAD_BYTES } from '../game/protocol';
import { createSqliteStore } from '../db/sqlite-store';
import { createPgStore } from '../db/pg-store';
import { isPostgresUrl } from '../db/pg-open';
import { pgLeases } from '../db/pg-leases';
import { defaultPoolSize } from './verify/pool';
import { DEFAULT_LEASE_TTL_MS, instanceId, startCluster } from './cluster';
import { createClusterThrottle } from './cluster-throttle';
import { createVerificationPool } from './verify/pool';
import { nodeDatasetLoader } from './dataset-loader';
import { createSocketBroadcaster } from './broadcaster';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { createGameService } from './tournament-service';
import { PLAYERS_BOARD_INTERVAL_MS } from './boards';
import type { GameService } from './tournament-service';
import { registerSocketHandlers } from './socket-handlers';
import { createApiHandler } from './http-api';
import { clientLimitsOf, readConfig } from './config';
import { createMemoryClientLimiter, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from './client-limits';
import { createRedisClientLimiter } from './redis-client-limits';
import { textCappedWsEngine } from './ws-text-cap';
import type { BucketLimit, ClientLimiter, LimitBucket } from './client-limits';
import { createConnectionGuard } from './connection-guard';
import { boundedParser, DEFAULT_WIRE_LIMITS } from './wire-parser';
import type { WireLimits } from './wire-parser';
import type { Storage } from '../db/storage';
import type { Verifier } from './verifier';
import { createInsightsWorker } from './insights/insights-computer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartOptions {
  /** 0 = a random free port. Default 3000. */
  port?: number;
  host?: string;
  /** `postgres://…` (PostgreSQL) or an SQLite file / `file:` URL; default DATABASE_URL or data/tune-arena.db. */
  databaseUrl?: string;
  /** Serve the Next app (default true); protocol tests pass false. */
  next?: boolean;
  /** Next in dev mode. */
  dev?: boolean;
  /** Verification workers. */
  poolSize?: number;
  clock?: Clock;
  /** Print diagnostics to stderr. */
  log?: boolean;
  /** Use this verifier instead of a worker pool (tests). */
  verifier?: Verifier;
  /** Interval of the leaderboard/progress throttles in ms (default 250). */
  broadcastIntervalMs?: number;
  /** `redis://…`: Redis Streams adapter and BullMQ verification; default REDIS_URL. */
  redisUrl?: string;
  /** With Redis: local verification threads consuming the queue (0 = none). Default `poolSize`. */
  verifyWorkers?: number;
  /** With PostgreSQL: round lease lifetime, ms (default 15 000; renewed every third of it). */
  leaseTtlMs?: number;
  /** Limits per client address (default: counters in Redis with `redisUrl`, else in-process; `DEFAULT_CLIENT_LIMITS` or `limits`). */
  limiter?: ClientLimiter;
  /** Overrides of `DEFAULT_CLIENT_LIMITS` for the default limiter. */
  limits?: Partial<Record<LimitBucket, BucketLimit>>;
  /** Open connections per client address (default 400). */
  maxConnectionsPerAddress?: number;
  /** Header the one trusted reverse proxy sets, e.g. `x-forwarded-for` (default: none, the TCP peer). */
  trustedProxyHeader?: string;
  /** Players per tournament (default 2,500). */
  maxPlayersPerTournament?: number;
  /** Text-packet size, nesting depth and binary-packet timeout (default `DEFAULT_WIRE_LIMITS`). */
  wire?: Partial<WireLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  service?: GameService;
  store?: Storage;
}

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

type NextHandlers = {
  request: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  upgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  close: () => Promise<void>;
};

async function prepareNext(dev: boolean, host: string | undefined, port: number): Promise<NextHandlers> {
  const { default: next } = await import('next');
  const app = next({ dev, dir: ROOT, hostname: host ?? 'localhost', port });
  await app.prepare();
  const request = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    request: (req, res) => request(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    close: async () => {
      const closable = app as unknown as { close?: () => Promise<void> };
      await closable.close?.();
    },
  };
}

/**
 * Starts the whole server and resolves once it listens.
 * @example const srv = await startServer({ port: 0, next: false, databaseUrl: tmpFile }); ...; await srv.close();
 */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ? (line: string) => process.stderr.write(`[tune-arena] ${line}\n`) : () => undefined;
  const databaseUrl = opts.databaseUrl ?? (process.env.DATABASE_URL || undefined);
  const redisUrl = opts.redisUrl ?? (process.env.REDIS_URL || undefined);
  const pgStore = isPostgresUrl(databaseUrl) ? await createPgStore(databaseUrl) : null;
  const store: Storage = pgStore ?? createSqliteStore(databaseUrl);
  const cluster = redisUrl ? await startCluster(redisUrl, opts.verifyWorkers ?? opts.poolSize ?? defaultPoolSize(), log) : null;
  const verifier = opts.verifier ?? cluster?.verifier ?? createVerificationPool({ size: opts.poolSize });
  const insights = createInsightsWorker({ log });
  const httpServer = http.createServer();
  // With Redis the per-address counters are shared, so an address is limited across every server.
  const limiter = opts.limiter ?? (cluster ? createRedisClientLimiter(cluster.quick, { limits: opts.limits }) : createMemoryClientLimiter(clock, opts.limits));
  const guard = createConnectionGuard({
    limiter,
    maxPerAddress: opts.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
    trustedProxyHeader: opts.trustedProxyHeader,
  });
  const io = new Server(httpServer, {
    allowRequest: guard.allowRequest,
    // engine.io's cap is for the one binary attachment (the weights); text packets are held to
    // 64 KB and their nesting checked by the parser before JSON.parse.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    parser: boundedParser({ ...DEFAULT_WIRE_LIMITS, ...opts.wire }),
    // The same text cap at the WebSocket frame header, before the payload is read (+64 for
    // engine.io's packet type and slack).
    wsEngine: textCappedWsEngine((opts.wire?.maxTextBytes ?? DEFAULT_WIRE_LIMITS.maxTextBytes) + 64),
    serveClient: false,
    // Non-socket.io upgrades (Next's dev HMR) must reach Next instead of being destroyed.
    destroyUpgrade: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  if (cluster) io.adapter(cluster.adapter);
  const leaseTtlMs = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  // One process on SQLite owns every round; on PostgreSQL a lease row decides (server/round-ownership.ts).
  const leases = pgStore ? pgLeases(pgStore.opened.pool, instanceId(), leaseTtlMs) : undefined;
  const service = createGameService({
    leases,
    sharedStore: pgStore !== null,
    // One board per round per interval across every server, not one per server.
    boardThrottle: cluster ? createClusterThrottle(cluster.quick, clock, opts.broadcastIntervalMs ?? 250, 'tune-arena:board:') : undefined,
    // A big room's players: one board per round per second across every server.
    playersBoardThrottle: cluster ? createClusterThrottle(cluster.quick, clock, PLAYERS_BOARD_INTERVAL_MS, 'tune-arena:board-players:') : undefined,
    store,
    clock,
    broadcaster: createSocketBroadcaster(io, { clustered: cluster !== null }),
    verifier,
    loader: nodeDatasetLoader,
    log,
    broadcastIntervalMs: opts.broadcastIntervalMs,
    maxPlayersPerTournament: opts.maxPlayersPerTournament,
    insights,
  });
  guard.install(io);
  registerSocketHandlers(io, service, { clock, log, limiter, clustered: cluster !== null });
  const api = createApiHandler(service, { version: packageVersion(), log, limiter, addressOf: guard.addressOf, clock });

  const requestedPort = opts.port ?? 3000;
  const nextApp = opts.next === false ? null : await prepareNext(opts.dev ?? false, opts.host, requestedPort);
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    // engine.io's own 'request' listener answers /socket.io/ (long-polling), and listeners added
    // after it still run for those requests: answering them too broke the polling transport.
    if (req.url?.startsWith('/socket.io/')) return;
    if (req.url?.startsWith('/api/') || req.url === '/api') {
      void api(req, res);
    } else if (nextApp) {
      nextApp.request(req, res).catch((e: unknown) => {
        log(`Next failed on ${req.url ?? ''}: ${String(e)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found (this server runs without the web UI).');
    }
  });
  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith('/socket.io/')) return;
    if (nextApp) void nextApp.upgrade(req, socket, head).catch(() => socket.destroy());
    else socket.destroy();
  });

  await service.recover();
  const ownership = leases ? service.ownRounds(Math.max(200, Math.floor(leaseTtlMs / 3))) : null;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(requestedPort, opts.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      // Leases first: another server takes this one's rounds over at once instead of after the TTL.
      await ownership?.stop();
      await service.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      httpServer.closeAllConnections?.();
      await verifier.close().catch(() => undefined);
      await cluster?.close();
      await insights.close().catch(() => undefined);
      await nextApp?.close().catch(() => undefined);
      await store.close();
    })());

  return { url: `http://localhost:${port}`, port, close, service, store };
}

/**
 * Starts the server from the environment (PORT, HOST, DATABASE_URL, REDIS_URL, VERIFY_WORKERS,
 * VERIFY_POOL_SIZE, LEASE_TTL_MS,
 * TUNE_ARENA_NO_NEXT, TUNE_ARENA_DEV), prints the listening line, and stops cleanly on
 * SIGTERM/SIGINT. Side effects: listens on a port, installs signal handlers.
 * @example await runFromEnvironment();
 */
export async function runFromEnvironment(): Promise<void> {
  const config = readConfig(process.env);
  const server = await startServer({
    port: config.port,
    host: config.host,
    databaseUrl: config.databaseUrl,
    next: config.next,
    dev: config.dev,
    poolSize: config.poolSize,
    redisUrl: config.redisUrl,
    verifyWorkers: config.verifyWorkers,
    leaseTtlMs: config.leaseTtlMs,
    trustedProxyHeader: config.trustedProxyHeader,
    maxPlayersPerTournament: config.maxPlayersPerTournament,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    limits: clientLimitsOf(config),
    log: true,
  });
  process.stdout.write(`Tune Arena listening on http://localhost:${server.port}\n`);
  const stop = (signal: string): void => {
    process.stderr.write(`[tune-arena] ${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url) || invoked === fileURLToPath(import.meta.url).replace(/\.ts$/, '')) {
  runFromEnvironment().catch((e: unknown) => {
    process.stderr.write(`Tune Arena failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
