/**
 * The host's results workbook (`GET /api/tournaments/:code/results.xlsx`), written with exceljs:
 * a Submissions sheet (the CSV's submission columns), a Standings sheet (every player, points per
 * round), and a Report sheet with one row per student (what a teacher pastes into a grade book:
 * rounds played, submissions, best scores, final rank per round, points). Text stays text: a
 * nickname such as `=HYPERLINK(...)` is written as a string cell, never as a formula.
 */
import ExcelJS from 'exceljs';
import { standingsTable, submissionRows, SUBMISSION_COLUMNS, type Cell, type ResultsCsvInput } from './csv';

export const REPORT_COLUMNS = ['nickname', 'player_id', 'rounds_played', 'submissions', 'best_public', 'best_private', 'points', 'rank', 'kicked_at'] as const;

/** The Report sheet: one row per student, in standings order. Pure. */
export function reportRows(input: ResultsCsvInput): { header: string[]; rows: Cell[][] } {
  const rounds = input.rounds.filter((r) => r.tournamentId === input.tournament.id).sort((a, b) => a.index - b.index);
  const roundIds = new Set(rounds.map((r) => r.id));
  const subs = input.submissions.filter((s) => roundIds.has(s.roundId));
  const ranks = new Map((input.results ?? []).map((r) => [`${r.roundId}\u0000${r.playerId}`, r.rank]));
  const standings = standingsTable(input);
  const header = [...REPORT_COLUMNS, ...rounds.map((r) => `round_${r.index}_rank`)];
  const rows = standings.rows.map((row) => {
    const [rank, nickname, playerId, points, kickedAt] = row;
    const mine = subs.filter((s) => s.playerId === playerId && s.audit !== 'rejected');
    const played = new Set(subs.filter((s) => s.playerId === playerId).map((s) => s.roundId)).size;
    const best = (f: (s: (typeof mine)[number]) => number | null): number | null => {
      const values = mine.map(f).filter((v): v is number => v !== null);
      return values.length > 0 ? Math.max(...values) : null;
    };
    return [
      nickname,
      playerId,
      played,
      subs.filter((s) => s.playerId === playerId).length,
      best((s) => s.publicScore),
      best((s) => s.privateScore),
      points,
      rank,
      kickedAt,
      ...rounds.map((r) => ranks.get(`${r.id}\u0000${String(playerId)}`) ?? null),
    ];
  });
  return { header, rows };
}

function addSheet(book: ExcelJS.Workbook, name: string, header: readonly string[], rows: Cell[][]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...header]).font = { bold: true };
  // exceljs writes a string as a string cell, never as a formula: player text stays inert.
  for (const cells of rows) sheet.addRow(cells);
  sheet.columns.forEach((col, i) => {
    const longest = Math.max(header[i]?.length ?? 0, ...rows.slice(0, 500).map((r) => String(r[i] ?? '').length));
    col.width = Math.min(40, Math.max(8, longest + 2));
  });
}

/**
 * Builds the workbook's bytes. Pure apart from exceljs' own buffers.
 * @example const bytes = await buildResultsXlsx(input); res.end(bytes);
 */
export async function buildResultsXlsx(input: ResultsCsvInput): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Tune Arena';
  addSheet(book, 'Submissions', SUBMISSION_COLUMNS, submissionRows(input));
  const standings = standingsTable(input);
  addSheet(book, 'Standings', standings.header, standings.rows);
  const report = reportRows(input);
  addSheet(book, 'Report', report.header, report.rows);
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
