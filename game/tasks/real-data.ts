/**
 * Loading and parsing the real data sets (digits, iris, wine, breast cancer) with the project's own
 * code. The bytes come from a `DatasetLoader`: the browser fetches `/datasets/<file>`, Node reads
 * game/tasks/data (server/dataset-loader.ts). Gzip is undone here with fflate, which is isomorphic.
 */
import { gunzipSync } from 'fflate';
import type { RealTaskId } from '../spec';
import { REAL_TASK_IDS } from '../spec';
import { taskInfo } from './catalog';
import { DataFormatError, csvLines, parseCell } from './csv';

/**
 * Returns the raw bytes of a data file named as in `TaskInfo.datasetFile` (e.g. `iris.csv`).
 * @example const loader: DatasetLoader = async (f) => new Uint8Array(await (await fetch(`/datasets/${f}`)).arrayBuffer());
 */
export type DatasetLoader = (file: string) => Promise<Uint8Array>;

/** A whole real data set before any split or standardization; features kept in float64. */
export interface RealTable {
  x: Float64Array;
  y: Int32Array;
  n: number;
  inputDim: number;
  classes: number;
}

/** True for the ids of the real data tasks. */
export function isRealTask(id: string): id is RealTaskId {
  return (REAL_TASK_IDS as readonly string[]).includes(id);
}

function decode(file: string, bytes: Uint8Array): string {
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (file.endsWith('.gz') && !gz) throw new DataFormatError(`${file} is not gzip data.`);
  return new TextDecoder('utf-8').decode(gz ? gunzipSync(bytes) : bytes);
}

/**
 * Parses a data file's bytes into a table, checking its row count, width and labels against the
 * catalogue. Pure. Throws `DataFormatError` on any mismatch.
 * Layouts (game/tasks/data/README.md): digits has no header, 64 pixels then the label; the others
 * start with `rows,features,className…` then features and the label.
 * @example parseRealTable('iris', bytes).n // 150
 */
export function parseRealTable(id: RealTaskId, bytes: Uint8Array): RealTable {
  const info = taskInfo(id);
  const file = info.datasetFile ?? id;
  const lines = csvLines(decode(file, bytes));
  let first = 0;
  if (id !== 'digits') {
    const header = lines[0] ?? [];
    if (Number(header[0]) !== info.rows || Number(header[1]) !== info.inputDim) {
      throw new DataFormatError(
        `${file}: the header says ${header[0]} rows of ${header[1]} features, expected ${info.rows} of ${info.inputDim}.`,
      );
    }
    first = 1;
  }
  const n = lines.length - first;
  const d = info.inputDim;
  if (n !== info.rows) throw new DataFormatError(`${file}: found ${n} rows, expected ${info.rows}.`);
  const x = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[first + i];
    const lineNo = first + i + 1;
    if (cells.length !== d + 1) {
      throw new DataFormatError(`${file}, line ${lineNo}: ${cells.length} columns, expected ${d + 1}.`);
    }
    for (let j = 0; j < d; j++) x[i * d + j] = parseCell(cells[j], lineNo, j);
    const label = parseCell(cells[d], lineNo, d);
    if (!Number.isInteger(label) || label < 0 || label >= info.classes) {
      throw new DataFormatError(`${file}, line ${lineNo}: label ${cells[d]} is not a class in 0..${info.classes - 1}.`);
    }
    y[i] = label;
  }
  return { x, y, n, inputDim: d, classes: info.classes };
}

// Cached per loader and id: parsing digits takes a few milliseconds, and a round builds its
// train and test sets many times (players, bots, replays).
const cache = new WeakMap<DatasetLoader, Map<RealTaskId, Promise<RealTable>>>();

/**
 * Loads (once per loader and id) and parses a real data set. The returned table is shared:
 * do not mutate it. A failed load is not cached, so a retry can succeed.
 * @example const iris = await loadRealTable('iris', nodeDatasetLoader);
 */
export function loadRealTable(id: RealTaskId, loader: DatasetLoader): Promise<RealTable> {
  let perLoader = cache.get(loader);
  if (!perLoader) {
    perLoader = new Map();
    cache.set(loader, perLoader);
  }
  const hit = perLoader.get(id);
  if (hit) return hit;
  const file = taskInfo(id).datasetFile ?? id;
  const p = loader(file).then((bytes) => parseRealTable(id, bytes));
  perLoader.set(id, p);
  p.catch(() => perLoader?.delete(id));
  return p;
}
