/**
 * The insights worker thread: folds a round's rows (game/insights.ts) off the server's event loop.
 * A 1,000-row forest takes a few hundred ms of CPU, which would otherwise stall every socket.
 */
import { parentPort } from 'node:worker_threads';
import { foldInsights } from '../../game/insights';
import type { InsightsReply, InsightsRequest } from './messages';

const port = parentPort;
if (port) {
  port.on('message', (msg: InsightsRequest) => {
    let reply: InsightsReply;
    try {
      reply = { id: msg.id, ok: true, result: foldInsights(msg.version, msg.rows) };
    } catch (e) {
      reply = { id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
