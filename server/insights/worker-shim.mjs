// Worker threads start without the parent's TypeScript loader (Node 20 applies `--import tsx` to
// the main thread only), so register tsx here and then load the real, typed worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./insights-worker.ts', import.meta.url).href);
