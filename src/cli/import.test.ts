// `tandem import` (issue #3) on a real on-disk database built with the factories: a workbook's
// chosen sheet through a mapping file, as a dry run and then for real (one batch, listed by
// `tandem batches list`), and the refusals: a sheet the workbook lacks, no `--as`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { migrate } from '../db/migrate.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { TEST_CONFIG } from '../server/testing.ts';
import { createUser } from '../services/auth.ts';
import { loadActorByUsername } from '../services/import-batches.ts';
import { saveMapping } from '../services/saved-mappings.ts';
import { registerImport } from './import.ts';

let dir: string;
let book: string;
let mappingFile: string;
const dataDir = () => path.join(dir, 'db');

const mapping: MappingInput = {
  kind: 'measures',
  name: 'sis-scores',
  title: 'SIS scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [{ measure: 'spg_score', type: 'number', column: 'spg' }],
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-cli-import-'));
  const handle = await openDatabase({ dataDir: dataDir() });
  try {
    await migrate(handle);
    const districtId = (await makeDistrict(handle.db, { name: 'Import County' })).id;
    await makeSchool(handle.db, districtId, { id: '920302', name: 'River Bend Elementary' });
    await makeSchool(handle.db, districtId, { id: '020303', name: 'Abbotts Creek' });
    await createUser(handle.db, {
      districtId,
      username: 'ana.lyst',
      displayName: 'Ana Lyst',
      role: 'analyst',
    });
  } finally {
    await handle.close();
  }
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').addRow(['Exported from the SIS']);
  const data = workbook.addWorksheet('Data');
  data.addRow(['code', 'year', 'spg']);
  data.addRow([920302, 2019, 61.5]);
  data.addRow([20303, 2019, 70]); // the leading zero lost, as a spreadsheet loses it
  book = path.join(dir, 'book.xlsx');
  await workbook.xlsx.writeFile(book);
  mappingFile = path.join(dir, 'sis-scores.json');
  fs.writeFileSync(mappingFile, JSON.stringify(mapping));
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `tandem …` in this process; what it printed, and the exit code it set. */
async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const program = new Command().exitOverride();
  registerImport(program, () => ({ ...TEST_CONFIG, dataDir: dataDir() }));
  const out: string[] = [];
  const err: string[] = [];
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(text(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(text(chunk));
    return true;
  });
  // The summary and problems go through console (which the test runner captures apart).
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out.push(`${parts.join(' ')}\n`);
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    err.push(`${parts.join(' ')}\n`);
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'tandem', ...args]);
    return { out: out.join(''), err: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    for (const spy of [stdout, stderr, log, error]) spy.mockRestore();
  }
}

describe('tandem import', () => {
  it('reads the sheet named by --sheet, as a dry run and then as one batch', async () => {
    const args = ['import', book, '--sheet', 'data', '--mapping', mappingFile, '--as', 'ana.lyst'];
    const dry = await run(...args, '--dry-run');
    expect(dry.exitCode).toBe(0);
    expect(dry.out).toContain(`${book} (sheet "Data"): 2 rows read, 2 written, 0 skipped`);
    expect(dry.out).toContain('Dry run: nothing was written.');

    const done = await run(...args);
    expect(done.exitCode).toBe(0);
    expect(done.out).toMatch(/\(sheet "Data"\): 2 rows read, 2 written, 0 skipped, 0 rejected/);
    expect(done.out).toMatch(/Batch [0-9a-f-]{36}/);
    const listed = await run('batches', 'list');
    expect(listed.out).toContain('book.xlsx (sheet "Data")');
    expect(listed.out).toContain('mapping sis-scores');
  });

  it('refuses a sheet the workbook lacks, naming the ones it has', async () => {
    const refused = await run(
      'import',
      book,
      '--sheet',
      'Scores',
      '--mapping',
      mappingFile,
      '--as',
      'ana.lyst',
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toContain('no sheet "Scores" (it has "Notes", "Data")');
  });

  it('lists a mapping the district saved and picks it from a file’s header', async () => {
    const handle = await openDatabase({ dataDir: dataDir() });
    try {
      const actor = await loadActorByUsername(handle.db, 'ana.lyst');
      await saveMapping(handle.db, actor, {
        title: 'SIS attendance',
        document: {
          kind: 'measures',
          description: '',
          match: { requiredColumns: ['Bldg', 'Term', 'ADA'] },
          school: { column: 'Bldg', padStart: 6 },
          year: { column: 'Term' },
          measures: [{ measure: 'attendance_rate', type: 'number', column: 'ADA', scale: 100 }],
        },
      });
    } finally {
      await handle.close();
    }
    const listed = await run('import', '--list-mappings', '--as', 'ana.lyst');
    const first = listed.out.split('\n')[0] ?? '';
    expect(first).toMatch(/^sis-attendance\s+measures\s+SIS attendance \(saved by the district\)$/);
    expect(listed.out).toContain('nc-dpi-rcd-acc-eds');
    const builtInsOnly = await run('import', '--list-mappings');
    expect(builtInsOnly.out).not.toContain('sis-attendance');

    const csv = path.join(dir, 'attendance.csv');
    fs.writeFileSync(csv, 'Bldg,Term,ADA\n920302,2024,0.95\n20303,2024,0.9\n');
    const done = await run('import', csv, '--as', 'ana.lyst', '--dry-run');
    expect(done.exitCode).toBe(0);
    expect(done.out).toContain(`${csv}: 2 rows read, 2 written, 0 skipped`);
    expect(done.out).toContain('mapping sis-attendance');
  });

  it('refuses an import recorded as nobody', async () => {
    await expect(run('import', book, '--sheet', 'Data')).rejects.toThrow(/--as/);
  });
});
