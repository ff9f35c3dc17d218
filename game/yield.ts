/**
 * Lets the event loop run queued tasks (a Worker's `cancel` message, a socket event) between
 * training epochs, without the 4 ms clamp nested `setTimeout(0)` gets in browsers.
 */

interface ImmediateHost {
  setImmediate?: (cb: () => void) => unknown;
}

/**
 * Resolves after one macrotask turn. Uses setImmediate where it exists (Node), else a
 * MessageChannel round trip (pages and Workers), else setTimeout.
 * @example await yieldToEventLoop();
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const host = globalThis as ImmediateHost;
    if (typeof host.setImmediate === 'function') {
      host.setImmediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}
