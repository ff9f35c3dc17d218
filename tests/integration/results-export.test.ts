/**
 * The host's exports through the real server: the workbook (`results.xlsx`, read back with
 * exceljs) has the Submissions, Standings and Report sheets with the students' UTF-8 names, one
 * report row per student and the per-layer architecture; the CSV starts with a UTF-8 BOM and has
 * the rank and layers columns. Both need the host key.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { NetworkSpec } from '../../game/spec';
import type { RoundPublic } from '../../game/protocol';
import { TINY_RULES, TINY_TRAINING, hostWithOpenRound, joinAs, must, serveDuringSuite, trainFor, waitFor } from './support/harness';

const srv = serveDuringSuite();
const PER_LAYER: NetworkSpec = { layers: [{ units: 4, activation: 'tanh', groups: 1 }, { units: 4, activation: 'relu', groups: 2 }], shortcut: 'none' };

describe('results export', () => {
  it('writes a workbook with UTF-8 names, one report row per student, and a CSV with a BOM', async () => {
    const { host, code, hostKey, round } = await hostWithOpenRound(srv.url, { ...TINY_RULES, auditTopK: 0 });
    const chen = await joinAs(srv.url, code, '陈小明');
    const lei = await joinAs(srv.url, code, '李雷');
    await joinAs(srv.url, code, 'Idle Ida');
    const weights = await trainFor(round, PER_LAYER, TINY_TRAINING);
    await must(chen.socket, 'submission:create', { playerToken: chen.token, roundId: round.id, network: PER_LAYER, training: TINY_TRAINING, backend: 'cpu', weights });
    const tiny = await trainFor(round);
    await must(lei.socket, 'submission:create', { playerToken: lei.token, roundId: round.id, network: { layers: [{ units: 4, activation: 'tanh', groups: 1 }], shortcut: 'none' }, training: TINY_TRAINING, backend: 'cpu', weights: tiny });
    const final = waitFor<RoundPublic>(host, 'round:update', (r) => r.id === round.id && r.status === 'final');
    await must(host, 'round:close', { code, hostKey, roundId: round.id });
    await final;

    const url = `${srv.url}/api/tournaments/${code}/results.xlsx`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-host-key': `${hostKey}x` } })).status).toBe(401);
    expect((await fetch(`${srv.url}/api/tournaments/ZZZZZZ/results.xlsx`, { headers: { 'x-host-key': hostKey } })).status).toBe(404);
    const res = await fetch(url, { headers: { 'x-host-key': hostKey } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('.xlsx');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Submissions', 'Standings', 'Report']);
    const values = (name: string): unknown[][] => {
      const rows: unknown[][] = [];
      book.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const subs = values('Submissions');
    const col = (name: string) => (subs[0] as string[]).indexOf(name);
    expect(subs).toHaveLength(3);
    const chenRow = subs.find((r) => r[0] === '陈小明');
    expect(chenRow?.[col('layers')]).toBe('4 tanh; 4 relu g2');
    expect(chenRow?.[col('activation')]).toBe('mixed');
    expect([1, 2]).toContain(chenRow?.[col('rank')]);
    const report = values('Report');
    expect(report.slice(1).map((r) => r[0]).sort()).toEqual(['Idle Ida', '李雷', '陈小明'].sort());
    const ida = report.find((r) => r[0] === 'Idle Ida');
    expect(ida?.[(report[0] as string[]).indexOf('submissions')]).toBe(0);
    expect(values('Standings').slice(1).map((r) => r[1]).sort()).toEqual(['Idle Ida', '李雷', '陈小明'].sort());

    const csv = await fetch(`${srv.url}/api/tournaments/${code}/results.csv`, { headers: { 'x-host-key': hostKey } });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3));
    const header = text.split('\r\n')[0].split(',');
    expect(header).toContain('rank');
    expect(header).toContain('layers');
    expect(text).toContain('陈小明');
    expect(text).toContain('4 tanh; 4 relu g2');
  });
});
