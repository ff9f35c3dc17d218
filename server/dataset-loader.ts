/**
 * Node's `DatasetLoader`: reads the real data files from game/tasks/data with fs. The path is
 * resolved from this file's URL, not the working directory, so the server, the bot, the workers
 * and the tests all find the files wherever they are started from.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DatasetLoader } from '../game/tasks/real-data';

/** Absolute path of game/tasks/data. */
export const DATASET_DIR = fileURLToPath(new URL('../game/tasks/data/', import.meta.url));

/** Thrown for a file name that is not a plain name inside the data folder. */
export class DatasetFileError extends Error {
  readonly code = 'BAD_DATASET_FILE' as const;
  constructor(readonly file: string) {
    super(`"${file}" is not a data file name.`);
    this.name = 'DatasetFileError';
  }
}

/**
 * Reads `game/tasks/data/<file>` (async, no caching here: `loadRealTable` caches parsed tables).
 * Rejects names with path separators so a caller cannot read outside the folder.
 * @example const bytes = await nodeDatasetLoader('iris.csv');
 */
export const nodeDatasetLoader: DatasetLoader = async (file) => {
  if (!/^[A-Za-z0-9_.-]+$/.test(file) || file.startsWith('.')) throw new DatasetFileError(file);
  const buf = await readFile(path.join(DATASET_DIR, file));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};
