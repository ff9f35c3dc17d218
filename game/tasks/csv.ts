/**
 * A small parser for the numeric CSV files of the real data sets (no quoting, comma separated).
 * The project parses its own data so that nothing depends on a CSV library's number handling.
 */
import { GameInputError } from '../errors';

/** Thrown when a file does not have the layout its task expects. */
export class DataFormatError extends GameInputError {
  readonly code = 'DATA_FORMAT' as const;
}

/**
 * Splits CSV text into trimmed cells per non-empty line. Pure.
 * @example csvLines('1,2\n3,4\n') // [['1','2'],['3','4']]
 */
export function csvLines(text: string): string[][] {
  const out: string[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0) continue;
    out.push(line.split(',').map((c) => c.trim()));
  }
  return out;
}

/**
 * Parses one numeric cell with `Number` (which rounds decimal text correctly on every engine);
 * throws `DataFormatError` naming the line and column when it is not a finite number.
 * @example parseCell('5.1', 2, 0) // 5.1
 */
export function parseCell(cell: string, line: number, column: number): number {
  const v = cell === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(v)) {
    throw new DataFormatError(`Line ${line}, column ${column + 1}: "${cell}" is not a finite number.`);
  }
  return v;
}
