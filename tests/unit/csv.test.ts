import { describe, expect, it } from 'vitest';
import { buildResultsCsv, csvField, SUBMISSION_COLUMNS } from '../../server/csv';
import type { StandingEntry } from '../../game/protocol';
import type { RoundResultRow } from '../../db/storage';
import { playerRow, roundRow, RULES, submissionRow, tournamentRow } from '../integration/fixtures/storage-rows';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      expect(c, `bare ${JSON.stringify(c)} outside quotes at ${i}`).not.toMatch(/["\r\n]/);
      field += c;
      i += 1;
    }
  }
  expect(field === '' && row.length === 0, 'text ends with CRLF').toBe(true);
  return rows;
}

const tricky = 'Ann, "the" best\nline2';

function fixture() {
  const players = [
    playerRow({ id: 'p1', nickname: tricky }),
    playerRow({ id: 'p2', nickname: '=HYPERLINK("x")' }),
    playerRow({ id: 'p3', nickname: 'Zed', kickedAt: '2026-11-27T11:00:00.000Z' }),
    playerRow({ id: 'p4', nickname: '李雷' }),
  ];
  const rounds = [
    roundRow({ id: 'r2', index: 2, rules: { ...RULES, taskId: 'iris' } }),
    roundRow({ id: 'r1', index: 1 }),
    roundRow({ id: 'rx', tournamentId: 'other', index: 1 }),
  ];
  const submissions = [
    submissionRow({ id: 's1', playerId: 'p1', roundId: 'r1' }),
    submissionRow({
      id: 's2',
      playerId: 'p2',
      roundId: 'r2',
      network: {
        layers: [
          { units: 4, activation: 'tanh', groups: 1 },
          { units: 16, activation: 'tanh', groups: 4 },
        ],
        shortcut: 'highway',
      },
      audit: 'rejected',
    }),
    submissionRow({ id: 'sx', playerId: 'p1', roundId: 'rx' }),
  ].map(({ weights: _w, ...meta }) => meta);
  const standings: StandingEntry[] = [
    { rank: 1, playerId: 'p2', nickname: '=HYPERLINK("x")', points: 20 },
    { rank: 2, playerId: 'p1', nickname: tricky, points: 10 },
  ];
  const results: RoundResultRow[] = [
    { roundId: 'r1', playerId: 'p1', rank: 1, points: 10, publicScore: 0.8, privateScore: 0.7, audit: 'verified' },
    { roundId: 'r2', playerId: 'p2', rank: 1, points: 20, publicScore: 0.9, privateScore: 0.9, audit: 'verified' },
  ];
  return { tournament: tournamentRow(), players, rounds, submissions, standings, results };
}

describe('csvField', () => {
  it('quotes only when needed, doubles quotes, defuses formulas, blanks null and non-finite', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('x\r\ny')).toBe('"x\r\ny"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@cmd,')).toBe(`"'@cmd,"`);
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('buildResultsCsv', () => {
  it('lists every submission of the tournament with its round, network and training', () => {
    const rows = parseCsv(buildResultsCsv(fixture()));
    expect(rows[0]).toEqual([...SUBMISSION_COLUMNS]);
    const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
    expect(blank).toBe(3); // header + 2 submissions; the other tournament's is left out
    const col = (row: string[], name: (typeof SUBMISSION_COLUMNS)[number]): string => row[SUBMISSION_COLUMNS.indexOf(name)];
    const [first, second] = [rows[1], rows[2]];
    expect(first).toHaveLength(SUBMISSION_COLUMNS.length);
    expect(col(first, 'nickname')).toBe(tricky);
    expect(col(first, 'round_index')).toBe('1');
    expect(col(first, 'task')).toBe('spiral');
    expect(col(first, 'private_score')).toBe(String(1 / 3));
    expect(col(first, 'activation')).toBe('mixed');
    expect(col(first, 'depth')).toBe('2');
    expect(col(first, 'groups')).toBe('2');
    expect(col(first, 'seed')).toBe('4294967295');
    expect(col(first, 'created_at')).toBe('2026-11-27T10:05:00.000Z');
    // Per-layer architecture, not flattened to "mixed": one "units activation [gN]" per hidden layer.
    const layers = col(first, 'layers').split('; ');
    expect(layers).toHaveLength(2);
    for (const l of layers) expect(l).toMatch(/^\d+ [a-z_]+( g\d+)?$/);
    expect(col(second, 'layers')).toBe('4 tanh; 16 tanh g4');
    expect(col(second, 'nickname')).toBe(`'=HYPERLINK("x")`);
    expect(col(second, 'task')).toBe('iris');
    expect(col(second, 'audit')).toBe('rejected');
    expect([col(second, 'width'), col(second, 'activation'), col(second, 'shortcut'), col(second, 'groups')]).toEqual([
      '16',
      'tanh',
      'highway',
      '4',
    ]);
    expect([col(second, 'optimizer'), col(second, 'learning_rate'), col(second, 'batch_size'), col(second, 'l2')]).toEqual([
      'adam',
      '0.01',
      '32',
      '0.0001',
    ]);
  });

  it('ends with standings of every player, 0 points included, and per-round points', () => {
    const rows = parseCsv(buildResultsCsv(fixture()));
    const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
    const standings = rows.slice(blank + 1);
    expect(standings[0]).toEqual(['rank', 'nickname', 'player_id', 'points', 'kicked_at', 'round_1_points', 'round_2_points']);
    expect(standings.slice(1)).toEqual([
      ['1', `'=HYPERLINK("x")`, 'p2', '20', '', '0', '20'],
      ['2', tricky, 'p1', '10', '', '10', '0'],
      ['3', 'Zed', 'p3', '0', '2026-11-27T11:00:00.000Z', '0', '0'],
      ['3', '李雷', 'p4', '0', '', '0', '0'],
    ]);
  });

  it('still has both sections, and no round columns, for a tournament with nothing played', () => {
    const input = { ...fixture(), submissions: [], standings: [], results: undefined };
    const rows = parseCsv(buildResultsCsv(input));
    expect(rows[0]).toEqual([...SUBMISSION_COLUMNS]);
    expect(rows[1]).toEqual(['']);
    expect(rows[2]).toEqual(['rank', 'nickname', 'player_id', 'points', 'kicked_at']);
    expect(rows.slice(3).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['1', 'p1', '0'],
      ['1', 'p2', '0'],
      ['1', 'p3', '0'],
      ['1', 'p4', '0'],
    ]);
  });
});
