// `tandem report` (issue #4) on a real on-disk database built with the factories: the schools
// table as XLSX to a file, the identification as CSV on standard output, a school's board report
// as PDF, and the refusals that need no database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { migrate } from '../db/migrate.ts';
import { TEST_CONFIG } from '../server/testing.ts';
import { registerReport } from './report.ts';

let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-report-'));
  const handle = await openDatabase({ dataDir: path.join(dir, 'db') });
  try {
    await migrate(handle);
    const db = handle.db;
    const districtId = (await makeDistrict(db, { name: 'Report County' })).id;
    for (let i = 0; i < 6; i++) {
      await makeSchool(db, districtId, { id: `R${i}`, name: `Report School ${i}` });
    }
    for (const [key, unit] of [
      ['spg_score', 'score'],
      ['spg_grade', 'grade'],
      ['growth_status', 'status'],
      ['pct_econ_disadv', 'percent'],
      ['enrollment', 'count'],
    ] as const) {
      await makeMeasure(db, districtId, { key, unit });
    }
    const batch = await makeBatch(db, districtId);
    await makeMeasureValues(
      db,
      [2018, 2019].flatMap((year) =>
        Array.from({ length: 6 }, (_, i) => {
          const at = { district_id: districtId, school_id: `R${i}`, school_year: year };
          return [
            { ...at, measure_key: 'spg_score', value: 80 - 6 * i + (year - 2018), n: 300 },
            { ...at, measure_key: 'pct_econ_disadv', value: 20 + 10 * i },
            { ...at, measure_key: 'enrollment', value: 500 + 10 * i },
            { ...at, measure_key: 'spg_grade', value_text: i === 5 ? 'F' : 'B' },
            { ...at, measure_key: 'growth_status', value_text: 'NotMet' },
          ];
        }).flat(),
      ),
      batch,
    );
  } finally {
    await handle.close();
  }
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerReport(program, () => ({ ...TEST_CONFIG, dataDir: path.join(dir, 'db') }));
  const out: string[] = [];
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'tandem', 'report', ...args]);
  } finally {
    write.mockRestore();
    err.mockRestore();
  }
  return out.join('');
}

describe('tandem report', () => {
  it('writes the schools table as XLSX to --out', async () => {
    const file = path.join(dir, 'schools.xlsx');
    await run('schools', '--format', 'xlsx', '--out', file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Diagnostics');
    expect(sheet?.rowCount).toBe(7);
    expect(sheet?.getRow(1).getCell(1).value).toBe('School ID');
    expect(workbook.getWorksheet('About')).toBeDefined();
  });

  it('prints the identification as CSV', async () => {
    const csv = await run('identification', '--format', 'csv', '--year', '2019');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('school_id,school,identified,designations,tier,reasons');
    expect(lines[1]).toMatch(/^R5,Report School 5,Y,low_performing,/);
  });

  it('writes a school’s board report as PDF', async () => {
    const file = path.join(dir, 'r0.pdf');
    await run('school', 'R0', '--out', file);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
  });

  it('refuses a school report without a school, and a table report as PDF', async () => {
    await expect(run('school', '--out', path.join(dir, 'x.pdf'))).rejects.toMatchObject({
      kind: 'bad_request',
    });
    await expect(run('peers', '--format', 'pdf')).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(run('school', 'R0', '--format', 'csv')).rejects.toMatchObject({
      kind: 'bad_request',
    });
  });
});
