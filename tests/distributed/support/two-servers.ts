/**
 * Two web server processes on one fresh PostgreSQL database and one Redis, each trusting the
 * `x-forwarded-for` header, and socket.io clients that report their own address through it so the
 * per-address join limits stay out of a test's way. Shared by the cross-server tests.
 */
import { io, type Socket } from 'socket.io-client';
import { freshPgDatabase } from '../../integration/support/postgres';
import { flushRedis, killAll, startServerProcess, type Child } from './processes';

export interface TwoServers {
  database: Awaited<ReturnType<typeof freshPgDatabase>>;
  serverA: Child & { url: string };
  serverB: Child & { url: string };
  /** A connected client on `url` whose address (as the trusted proxy reports it) is `address`. */
  connectAs(url: string, address: string): Promise<Socket>;
  /** Disconnects every client, kills every child process and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts both servers (one verification worker each) side by side; the Redis database is flushed first.
 * @example const cluster = await startTwoServers(process.env.TEST_DATABASE_URL, process.env.TEST_REDIS_URL);
 */
export async function startTwoServers(databaseUrl: string, redisUrl: string): Promise<TwoServers> {
  const database = await freshPgDatabase(databaseUrl);
  await flushRedis(redisUrl);
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, VERIFY_WORKERS: '1', TRUSTED_PROXY_HEADER: 'x-forwarded-for' };
  const [serverA, serverB] = await Promise.all([startServerProcess('server-a', env), startServerProcess('server-b', env)]);
  const sockets: Socket[] = [];
  return {
    database,
    serverA,
    serverB,
    async connectAs(url, address) {
      const socket = io(url, { auth: { protocol: 1 }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': address } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async stop() {
      for (const s of sockets.splice(0)) s.disconnect();
      await killAll();
      await database.drop();
    },
  };
}
