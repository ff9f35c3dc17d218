/**
 * The host's results export (`GET /api/tournaments/:code/results.csv`) as a pure function:
 * every submission of every round, a blank line, then the standings with every player. RFC 4180:
 * CRLF line ends, fields with a comma, quote, CR or LF are quoted with inner quotes doubled.
 * The HTTP answer starts with `CSV_BOM`, so Excel reads UTF-8 names (陈小明) as written.
 */
import type { StandingEntry } from '../game/protocol';
import { isConvLayer, layerWidth, type NetworkSpec } from '../game/spec';
import type { PlayerRow, RoundResultRow, RoundRow, SubmissionMeta, TournamentRow } from '../db/storage';

export interface ResultsCsvInput {
  /** Only rounds and submissions of this tournament are exported. */
  tournament: Pick<TournamentRow, 'id'>;
  rounds: RoundRow[];
  players: PlayerRow[];
  /** In export order (`Storage.listTournamentSubmissions`: round index, then time). */
  submissions: SubmissionMeta[];
  /** Ranked players; anyone missing gets 0 points. */
  standings: StandingEntry[];
  /** When given, the standings carry one points column per round. */
  results?: RoundResultRow[];
}

export const SUBMISSION_COLUMNS = [
  'nickname',
  'player_id',
  'round_index',
  'round_id',
  'task',
  'public_score',
  'private_score',
  'full_score',
  'audit',
  'backend',
  'depth',
  'width',
  'activation',
  'shortcut',
  'groups',
  'params',
  'optimizer',
  'learning_rate',
  'batch_size',
  'epochs',
  'l2',
  'seed',
  'created_at',
  'rank',
  'layers',
] as const;

/** The UTF-8 byte order mark the HTTP answer starts with: without it Excel guesses a legacy code page. */
export const CSV_BOM = '\uFEFF';

/**
 * Every hidden layer in order, so a per-layer net is not flattened to "mixed".
 * @example layersText({ layers: [{ units: 8, activation: 'relu', groups: 1 }, { units: 8, activation: 'tanh', groups: 2 }], shortcut: 'none' }) // '8 relu; 8 tanh g2'
 */
export function layersText(network: NetworkSpec): string {
  return network.layers
    .map((l) => {
      const g = l.groups > 1 ? ` g${l.groups}` : '';
      if (!isConvLayer(l)) return `${l.units} ${l.activation}${g}`;
      const pool = l.pool === 'none' ? '' : ` ${l.pool}pool`;
      return `conv${l.filters} k${l.kernel} s${l.stride} ${l.padding} ${l.activation}${g}${pool}`;
    })
    .join('; ');
}

/** The player's final rank in each round, by `roundId + NUL + playerId` (final rounds only). */
export function roundRanks(results: readonly RoundResultRow[] | undefined): Map<string, number> {
  return new Map((results ?? []).map((r) => [`${r.roundId}\u0000${r.playerId}`, r.rank]));
}

/** One cell of an export table. */
export type Cell = string | number | null;

// A spreadsheet runs a cell starting with one of these as a formula; nicknames are player input.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula gets a leading `'`.
 * @example csvField('a,"b"') // '"a,""b"""'
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(cells: Cell[]): string {
  return cells.map(csvField).join(',');
}

/** PROTOCOL.md's summary: hidden layers, largest units, the shared activation or `mixed`, largest groups. */
function summarize(network: NetworkSpec): { depth: number; width: number; activation: string; groups: number } {
  const activations = new Set(network.layers.map((l) => l.activation));
  return {
    depth: network.layers.length,
    width: Math.max(...network.layers.map(layerWidth)),
    activation: activations.size === 1 ? network.layers[0].activation : 'mixed',
    groups: Math.max(...network.layers.map((l) => l.groups)),
  };
}

/**
 * The submissions table's rows, in export order, one cell per `SUBMISSION_COLUMNS` entry (the CSV
 * and the workbook's Submissions sheet share them). Pure.
 */
export function submissionRows(input: ResultsCsvInput): Cell[][] {
  const rounds = input.rounds.filter((r) => r.tournamentId === input.tournament.id);
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const nicknames = new Map(input.players.map((p) => [p.id, p.nickname]));
  const ranks = roundRanks(input.results);
  const rows: Cell[][] = [];
  for (const s of input.submissions) {
    const round = roundById.get(s.roundId);
    if (!round) continue;
    const net = summarize(s.network);
    rows.push([
      nicknames.get(s.playerId) ?? '',
      s.playerId,
      round.index,
      round.id,
      round.rules.taskId,
      s.publicScore,
      s.privateScore,
      s.fullScore,
      s.audit,
      s.backend,
      net.depth,
      net.width,
      net.activation,
      s.network.shortcut,
      net.groups,
      s.params,
      s.training.optimizer,
      s.training.learningRate,
      s.training.batchSize,
      s.training.epochs,
      s.training.l2,
      s.training.seed,
      s.createdAt,
      ranks.get(`${s.roundId}\u0000${s.playerId}`) ?? null,
      layersText(s.network),
    ]);
  }
  return rows;
}

/**
 * The standings table: every player (0 points included, kicked ones with their time), with one
 * points column per round when results are given. Pure.
 */
export function standingsTable(input: ResultsCsvInput): { header: string[]; rows: Cell[][] } {
  const rounds = input.rounds.filter((r) => r.tournamentId === input.tournament.id).sort((a, b) => a.index - b.index);
  const roundColumns = input.results ? rounds.map((r) => `round_${r.index}_points`) : [];
  const header = ['rank', 'nickname', 'player_id', 'points', 'kicked_at', ...roundColumns];
  const pointsByRound = new Map<string, number>();
  for (const r of input.results ?? []) pointsByRound.set(`${r.roundId}\u0000${r.playerId}`, r.points);
  const perRound = (playerId: string): Cell[] =>
    input.results ? rounds.map((r) => pointsByRound.get(`${r.id}\u0000${playerId}`) ?? 0) : [];
  const kickedAt = new Map(input.players.map((p) => [p.id, p.kickedAt]));
  const rows: Cell[][] = [];
  const listed = new Set<string>();
  for (const e of input.standings) {
    listed.add(e.playerId);
    rows.push([e.rank, e.nickname, e.playerId, e.points, kickedAt.get(e.playerId) ?? null, ...perRound(e.playerId)]);
  }
  // Players without an entry have 0 points: they share the rank after everyone who scored.
  const zeroRank = 1 + input.standings.filter((e) => e.points > 0).length;
  for (const p of input.players) {
    if (listed.has(p.id)) continue;
    rows.push([zeroRank, p.nickname, p.id, 0, p.kickedAt, ...perRound(p.id)]);
  }
  return { header, rows };
}

/**
 * Builds the CSV text (no BOM: the HTTP answer prepends `CSV_BOM`). Pure: no I/O.
 * @example buildResultsCsv({ tournament, rounds, players, submissions, standings }).split('\r\n')[0] // 'nickname,player_id,...'
 */
export function buildResultsCsv(input: ResultsCsvInput): string {
  const lines: string[] = [csvRow([...SUBMISSION_COLUMNS]), ...submissionRows(input).map(csvRow), ''];
  const standings = standingsTable(input);
  lines.push(csvRow(standings.header), ...standings.rows.map(csvRow));
  return `${lines.join('\r\n')}\r\n`;
}
