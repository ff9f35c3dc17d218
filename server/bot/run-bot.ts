/**
 * A group of bot players: each joins a tournament over socket.io (the same wire contract as the
 * browser), and whenever a round opens it picks a network by its strategy, trains it with game/
 * on tfjs (wasm by default) in this Node process, reports progress, and submits the weights.
 * Bots serve as baseline opponents, as a test driver and as a load generator.
 */
import { io, type Socket } from 'socket.io-client';
import { initBackend } from '../../game/backend';
import {
  C2S,
  PROTOCOL_VERSION,
  S2C,
  type Ack,
  type AckData,
  type ClientEvents,
  type ClientPayload,
  type RoundPublic,
  type ServerEvents,
} from '../../game/protocol';
import { buildTrainSet } from '../../game/tasks/round-data';
import type { Dataset } from '../../game/tasks/dataset';
import { train } from '../../game/train';
import { packWeights } from '../../game/weights';
import { nodeDatasetLoader } from '../dataset-loader';
import { pickSubmission, type Strategy } from './strategies';
import { layerWidth } from '../../game/spec';

export interface BotOptions {
  /** Server origin, e.g. `http://localhost:3000`. */
  url: string;
  /** Tournament join code. */
  code: string;
  /** Nickname of the first bot; others get `name-2`, `name-3`, … Default `bot`. */
  name?: string;
  /** Number of bot players. Default 1. */
  count?: number;
  strategy?: Strategy;
  /** Base seed of every random pick. Default 1. */
  seed?: number;
  /** Backend the bots train on and declare. Default wasm. */
  backend?: 'js' | 'wasm' | 'cpu';
  /** Submissions per bot per open round (capped by the round's maxSubmissions). Default 1. */
  perRound?: number;
  /** Receives one human-readable line per event (joins, scores, errors). */
  log?: (line: string) => void;
}

export interface BotPlayer {
  id: string;
  nickname: string;
  token: string;
}

export interface BotHandle {
  players: BotPlayer[];
  /** Submissions acknowledged so far, all bots together. */
  readonly submitted: number;
  /** Resolves once `n` submissions were acknowledged; rejects after `timeoutMs` (default 120 s). */
  waitForSubmissions(n: number, timeoutMs?: number): Promise<void>;
  /** Disconnects every bot; a training in progress finishes without submitting. */
  stop(): Promise<void>;
}

const ACK_TIMEOUT_MS = 30_000;
const NICKNAME_MAX = 24;

/** A bot's connection, typed by game/protocol.ts: server events in, client calls out. */
type BotSocket = Socket<ServerEvents, ClientEvents>;

type Emit = <E extends keyof AckData>(socket: BotSocket, event: E, payload: ClientPayload<E>) => Promise<Ack<AckData[E]>>;

// socket.io's typed emit cannot resolve a generic event name; the Emit signature fixes payload and ack.
const emit: Emit = async (socket, event, payload) => (socket as unknown as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);

function nicknameFor(base: string, index: number, attempt: number): string {
  const suffix = [index > 0 ? `-${index + 1}` : '', attempt > 0 ? `-${attempt + 1}` : ''].join('');
  return base.slice(0, NICKNAME_MAX - suffix.length) + suffix;
}

function connect(url: string): Promise<BotSocket> {
  const socket: BotSocket = io(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.disconnect();
      reject(new Error(`cannot connect to ${url}: ${e.message}`));
    });
  });
}

/**
 * Starts `count` bots and resolves once all have joined. Side effects: opens one socket per bot,
 * trains networks on tfjs in this process (one at a time), and submits to the server.
 * @example
 * const bots = await runBot({ url: 'http://localhost:3000', code: 'ABC234', count: 3, strategy: 'sweep' });
 * await bots.waitForSubmissions(3);
 * await bots.stop();
 */
export async function runBot(opts: BotOptions): Promise<BotHandle> {
  const name = opts.name ?? 'bot';
  const count = Math.max(1, Math.floor(opts.count ?? 1));
  const strategy: Strategy = opts.strategy ?? 'baseline';
  const seed = opts.seed ?? 1;
  const backend = opts.backend ?? 'wasm';
  const perRound = Math.max(1, Math.floor(opts.perRound ?? 1));
  const log = opts.log ?? ((): void => undefined);

  const players: BotPlayer[] = [];
  const sockets: BotSocket[] = [];
  const roundStatus = new Map<string, RoundPublic['status']>();
  const trainSets = new Map<string, Promise<Dataset>>();
  const waiters: { n: number; resolve: () => void }[] = [];
  let submitted = 0;
  let stopped = false;
  // One training at a time: tfjs has one global backend, and interleaved trainings only slow
  // each other down on a small machine.
  let trainLock: Promise<unknown> = Promise.resolve();

  const trainSetFor = (round: RoundPublic): Promise<Dataset> => {
    let p = trainSets.get(round.id);
    if (!p) {
      p = buildTrainSet(
        {
          taskId: round.rules.taskId,
          trainSeed: round.trainSeed ?? 0,
          trainSize: round.rules.trainSize,
          noise: round.rules.noise,
          trainRows: round.trainRows,
        },
        nodeDatasetLoader,
      );
      trainSets.set(round.id, p);
    }
    return p;
  };

  const countSubmission = (): void => {
    submitted++;
    for (const w of waiters.splice(0)) {
      if (submitted >= w.n) w.resolve();
      else waiters.push(w);
    }
  };

  const playRound = async (index: number, socket: BotSocket, player: BotPlayer, round: RoundPublic): Promise<void> => {
    const data = await trainSetFor(round);
    const rounds = Math.min(perRound, round.rules.maxSubmissions);
    for (let k = 0; k < rounds; k++) {
      const pick = pickSubmission(strategy, {
        rules: round.rules,
        task: round.task.image ? { inputDim: round.task.inputDim, classes: round.task.classes, image: round.task.image } : { inputDim: round.task.inputDim, classes: round.task.classes },
        botIndex: index,
        seed,
        salt: `${round.id}:${k}`,
      });
      const run = trainLock.then(async () => {
        if (stopped || roundStatus.get(round.id) !== 'open') return null;
        await initBackend(backend);
        return train({
          network: pick.network,
          training: pick.training,
          data,
          shouldStop: () => stopped || roundStatus.get(round.id) !== 'open',
          onEpoch: (p) => {
            // A few progress points per training (the server drops more than 4/s anyway).
            const every = Math.max(1, Math.ceil(p.epochs / 4));
            if (p.epoch % every === 0 || p.epoch === p.epochs) {
              socket.emit(C2S.trainingProgress, {
                playerToken: player.token,
                roundId: round.id,
                epoch: p.epoch,
                loss: Number.isFinite(p.loss) ? p.loss : 1e6,
                accuracy: p.accuracy,
              });
            }
          },
        });
      });
      trainLock = run.catch(() => undefined);
      const result = await run;
      if (!result || result.cancelled || stopped) return;
      const ack = await emit(socket, C2S.submissionCreate, {
        playerToken: player.token,
        roundId: round.id,
        network: pick.network,
        training: pick.training,
        backend,
        weights: packWeights(result.weights),
        claimed: Number.isFinite(result.loss) ? { trainLoss: result.loss, trainAccuracy: result.accuracy } : undefined,
      });
      if (!ack.ok) {
        log(`${player.nickname}: submission refused (${ack.error.code}: ${ack.error.message})`);
        return;
      }
      const d = pick.network.layers.length;
      const w = Math.max(...pick.network.layers.map(layerWidth));
      log(
        `${player.nickname}: round ${round.index} ${d}×${w} ${pick.network.layers[0].activation} ` +
          `${pick.network.shortcut} (${pick.params} params, ${ack.submission.backend}) → public ${ack.submission.publicScore.toFixed(4)}, rank ${ack.rank}`,
      );
      countSubmission();
    }
  };

  const onRound = (index: number, socket: BotSocket, player: BotPlayer, handled: Set<string>, round: RoundPublic | null): void => {
    if (!round) return;
    roundStatus.set(round.id, round.status);
    if (round.status !== 'open' || handled.has(round.id) || stopped) return;
    handled.add(round.id);
    playRound(index, socket, player, round).catch((e: unknown) => {
      log(`${player.nickname}: round ${round.index} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  };

  const joinOne = async (index: number): Promise<void> => {
    const socket = await connect(opts.url);
    sockets.push(socket);
    const handled = new Set<string>();
    for (let attempt = 0; attempt < 20; attempt++) {
      const nickname = nicknameFor(name, index, attempt);
      const ack = await emit(socket, C2S.playerJoin, { code: opts.code, nickname });
      if (!ack.ok && ack.error.code === 'NICKNAME_TAKEN') continue;
      if (!ack.ok) throw new Error(`${nickname} could not join ${opts.code}: ${ack.error.code}: ${ack.error.message}`);
      const player: BotPlayer = { id: ack.player.id, nickname: ack.player.nickname, token: ack.playerToken };
      players[index] = player;
      log(`${player.nickname} joined ${ack.tournament.code} (${ack.tournament.title})`);
      socket.on(S2C.roundUpdate, (round) => onRound(index, socket, player, handled, round));
      socket.on(S2C.playerKicked, () => {
        log(`${player.nickname} was kicked`);
        socket.disconnect();
      });
      // After a dropped connection, resume with the token so the socket is back in the room.
      socket.io.on('reconnect', () => {
        void emit(socket, C2S.playerJoin, { code: opts.code, playerToken: player.token }).then((again) => {
          if (again.ok) onRound(index, socket, player, handled, again.round);
        });
      });
      onRound(index, socket, player, handled, ack.round);
      return;
    }
    throw new Error(`no free nickname for ${name} after 20 tries`);
  };

  try {
    // One at a time: joins are cheap, and a burst of nickname collisions would only retry.
    for (let i = 0; i < count; i++) await joinOne(i);
  } catch (e) {
    stopped = true;
    for (const s of sockets) s.disconnect();
    throw e;
  }

  return {
    players,
    get submitted() {
      return submitted;
    },
    waitForSubmissions: (n, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (submitted >= n) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`only ${submitted} of ${n} submissions after ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        waiters.push(waiter);
      }),
    stop: async () => {
      stopped = true;
      for (const s of sockets) s.disconnect();
      await trainLock;
    },
  };
}
