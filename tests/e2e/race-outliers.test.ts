/**
 * The projector's race tells the truth with a diverging player (issue 11): three real socket.io
 * players report their epochs, one of them blowing up to a loss of 10³; the race cuts that curve at
 * twice a typical peak, dashes and names it, and the other two keep their own scale.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoundPublic } from '../../game/protocol';
import { arenaDuringSuite, screenshot, trackErrors } from './harness';

const app = arenaDuringSuite();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.disconnect();
});

function connect(): Socket {
  const s = io(app.url, { auth: { protocol: 1 }, transports: ['websocket'], forceNew: true });
  sockets.push(s);
  return s;
}

async function must<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await s.timeout(30_000).emitWithAck(event, payload)) as Record<string, unknown>;
  if (ack.ok !== true) throw new Error(`${event}: ${JSON.stringify(ack)}`);
  return ack as T;
}

describe('race chart outliers', () => {
  it('cuts and marks a diverging player’s curve while the others keep their scale', async () => {
    const host = connect();
    const { tournament, hostKey } = await must<{ tournament: { code: string }; hostKey: string }>(host, 'tournament:create', { title: 'Race' });
    const code = tournament.code;
    const { round } = await must<{ round: RoundPublic }>(host, 'round:create', { code, hostKey, taskId: 'xor', rules: { durationSec: 600 } });
    const players: { name: string; id: string; token: string; socket: Socket; loss: (e: number) => number }[] = [];
    const shapes: [string, (e: number) => number][] = [
      ['Ada', (e) => 0.7 / e],
      ['Bo', (e) => 10 ** (e - 1)],
      ['Cy', (e) => 0.69 - 0.05 * e],
    ];
    for (const [name, loss] of shapes) {
      const socket = connect();
      const ack = await must<{ player: { id: string }; playerToken: string }>(socket, 'player:join', { code, nickname: name });
      players.push({ name, id: ack.player.id, token: ack.playerToken, socket, loss });
    }
    const watch = await app.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors = trackErrors(watch);
    await watch.goto(`${app.url}/watch/${code}`);
    // The projector knows the draft before it starts, so it hears the very first epoch's broadcast.
    await watch.getByTestId('watch-round').waitFor();
    await must(host, 'round:start', { code, hostKey, roundId: round.id });
    const race = watch.getByTestId('race');
    // One epoch at a time, each once the projector has drawn the one before, as live training does.
    // Four per player at most: the server drops a fifth report within a second (4/s per player),
    // and a fast projector draws five epochs in under one.
    for (let epoch = 1; epoch <= 4; epoch++) {
      for (const p of players) p.socket.emit('training:progress', { playerToken: p.token, roundId: round.id, epoch, loss: p.loss(epoch), accuracy: 0.5 });
      await expect.poll(() => race.locator('.u-legend .u-value').first().textContent(), { timeout: 30_000 }).toBe(String(epoch));
    }
    expect(await race.getAttribute('data-players')).toBe('3');
    const bo = players[1];
    await expect.poll(() => race.getAttribute('data-clipped')).toBe(bo.id);
    // Twice the lower median of the peaks (0.7, 0.69 → 0.7 and 10³): 1.4.
    expect(Number(await race.getAttribute('data-ceiling'))).toBeCloseTo(1.4, 6);
    expect(await watch.getByTestId('race-clipped').textContent()).toBe('Cut at loss 1.400 and dashed (↑), so the others stay readable: Bo.');
    expect(await race.locator('.u-legend .u-series .u-label').allTextContents()).toEqual(expect.arrayContaining(['Bo ↑', 'Ada', 'Cy']));
    expect(await race.locator('.chart').getAttribute('data-y-label')).toBe('loss');
    await screenshot(watch, 'watch-race-clipped');
    expect(errors).toEqual([]);
  });
});
