/**
 * The `/api/*` endpoints of PROTOCOL.md (plus `GET /api/rounds/:id`, see docs/protocol.md). Plain
 * node:http handlers over the service's read models; errors keep the ack shape
 * `{ ok: false, error: { code, message } }` with a matching status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BOARD_PAGE_MAX, PROTOCOL_VERSION } from '../game/protocol';
import type { ErrorCode } from '../game/protocol';
import { PRESETS } from '../game/presets';
import { TASKS } from '../game/tasks/catalog';
import { systemClock, type Clock } from './clock';
import { CSV_BOM } from './csv';
import { ApiError, isApiError } from './errors';
import type { GameService } from './tournament-service';
import type { ClientLimiter } from './client-limits';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  ROUND_NOT_OPEN: 409,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  WEIGHTS_INVALID: 422,
  RATE_LIMITED: 429,
  NICKNAME_TAKEN: 409,
  INTERNAL: 500,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** A path segment, percent-decoded; a malformed escape is the client's error, not the server's. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('BAD_REQUEST', `The path segment "${segment.slice(0, 40)}" is not valid percent-encoding.`);
  }
}

/**
 * `?offset=&limit=` of the board endpoint: both absent gives the whole board; otherwise offset is
 * a whole number (default 0) and limit 1..BOARD_PAGE_MAX (default BOARD_PAGE_MAX).
 */
function boardPage(req: IncomingMessage): { offset: number; limit: number } | undefined {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const rawOffset = query.get('offset');
  const rawLimit = query.get('limit');
  if (rawOffset === null && rawLimit === null) return undefined;
  const whole = (raw: string | null, name: string, min: number, max: number, fallback: number): number => {
    if (raw === null) return fallback;
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) throw new ApiError('BAD_REQUEST', `${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
  return {
    offset: whole(rawOffset, 'offset', 0, 999_999_999, 0),
    limit: whole(rawLimit, 'limit', 1, BOARD_PAGE_MAX, BOARD_PAGE_MAX),
  };
}

type Route = { pattern: RegExp; handle: (m: string[], req: IncomingMessage, res: ServerResponse) => Promise<void> };

/**
 * Builds the handler for requests whose path starts with `/api/`.
 * @example const api = createApiHandler(service, { version: '0.1.0' }); http.createServer((q, s) => api(q, s));
 */
export function createApiHandler(
  service: GameService,
  opts: {
    version: string;
    log?: (line: string) => void;
    /** Per-address NOT_FOUND budget (guessing codes or ids over HTTP); none = unlimited. */
    limiter?: ClientLimiter;
    addressOf?: (req: IncomingMessage) => string;
    /** The server's clock (GET /api/time); default the system clock. */
    clock?: Clock;
  },
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const log = opts.log ?? (() => undefined);
  const addressOf = opts.addressOf ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  const clock = opts.clock ?? systemClock;
  const routes: Route[] = [
    {
      pattern: /^\/api\/health$/,
      handle: async (_m, _q, res) => send(res, 200, { ok: true, protocol: PROTOCOL_VERSION, version: opts.version }),
    },
    {
      // The server's clock, for countdowns on devices whose own clock is off (docs/protocol.md).
      pattern: /^\/api\/time$/,
      handle: async (_m, _q, res) => send(res, 200, { now: clock.now() }),
    },
    {
      pattern: /^\/api\/tasks$/,
      handle: async (_m, _q, res) => send(res, 200, { tasks: Object.values(TASKS), presets: PRESETS }),
    },
    {
      pattern: /^\/api\/tournaments\/([^/]+)$/,
      handle: async (m, _q, res) => send(res, 200, await service.tournamentView(m[1])),
    },
    {
      pattern: /^\/api\/tournaments\/([^/]+)\/results\.csv$/,
      handle: async (m, req, res) => {
        const key = req.headers['x-host-key'];
        const csv = await service.resultsCsv(m[1], typeof key === 'string' ? key : undefined);
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="tune-arena-${m[1].toUpperCase()}.csv"`,
          'cache-control': 'no-store',
        });
        res.end(CSV_BOM + csv);
      },
    },
    {
      pattern: /^\/api\/tournaments\/([^/]+)\/results\.xlsx$/,
      handle: async (m, req, res) => {
        const key = req.headers['x-host-key'];
        const bytes = await service.resultsXlsx(m[1], typeof key === 'string' ? key : undefined);
        res.writeHead(200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="tune-arena-${m[1].toUpperCase()}.xlsx"`,
          'content-length': String(bytes.byteLength),
          'cache-control': 'no-store',
        });
        res.end(bytes);
      },
    },
    {
      pattern: /^\/api\/rounds\/([^/]+)$/,
      handle: async (m, _q, res) => send(res, 200, await service.roundDetails(m[1])),
    },
    {
      pattern: /^\/api\/rounds\/([^/]+)\/leaderboard$/,
      handle: async (m, req, res) => send(res, 200, await service.leaderboard(m[1], boardPage(req))),
    },
    {
      pattern: /^\/api\/rounds\/([^/]+)\/players\/([^/]+)\/submissions$/,
      handle: async (m, req, res) => {
        const key = req.headers['x-host-key'];
        send(res, 200, await service.playerSubmissions(m[1], m[2], typeof key === 'string' ? key : undefined));
      },
    },
    {
      pattern: /^\/api\/rounds\/([^/]+)\/insights$/,
      handle: async (m, _q, res) => send(res, 200, await service.insights(m[1])),
    },
  ];

  return async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = routes.find((r) => r.pattern.test(path));
      if (!route) throw new ApiError('NOT_FOUND', `No API endpoint at ${path}.`);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET');
        send(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'Only GET is supported here.' } });
        return;
      }
      const match = route.pattern.exec(path) ?? [];
      // Only lookups by code or id can be guessed; health and the task list stay free.
      if (match.length > 1 && (await opts.limiter?.exhausted('notFound', addressOf(req)))) {
        throw new ApiError('RATE_LIMITED', 'Too many unknown codes from your address; wait a minute and try again.');
      }
      await route.handle(match.map(decodeSegment), req, res);
    } catch (e) {
      if (isApiError(e) && e.code === 'NOT_FOUND') await opts.limiter?.consume('notFound', addressOf(req)).catch(() => undefined);
      if (isApiError(e)) {
        send(res, STATUS[e.code], { ok: false, error: { code: e.code, message: e.message } });
      } else {
        log(`HTTP ${req.url ?? ''} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The server failed to answer.' } });
      }
    }
  };
}
