// The import API end to end through the Hono app: upload (multipart, streamed, sanitised,
// limited), preview (a dry run with every problem), background import job, history, rejected
// rows (formulas escaped), rollback; Ed-Fi/OneRoster zips; and 403 for roles that may not import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { resetSignInLimits } from '../services/auth.ts';
import { uploadStoreFor } from '../services/uploads.ts';
import { createApp } from './app.ts';
import { signedInClient, TEST_CONFIG, type TestClient } from './testing.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-imports-api-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const SDS = path.resolve(
  import.meta.dirname,
  '../../../shared/data/oneroster-msft-sds-samples/sds-v2.1',
);

let app: ReturnType<typeof createApp>;
let handle: DbHandle;
let districtId: string;
let analyst: TestClient;
let principal: TestClient;

beforeAll(async () => {
  handle = await createTestDb();
  resetSignInLimits();
  app = createApp({ db: handle.db, config: { ...TEST_CONFIG, dataDir } });
  districtId = (await makeDistrict(handle.db)).id;
  await makeSchool(handle.db, districtId, { id: '920302', name: 'River Bend Elementary' });
  await makeSchool(handle.db, districtId, { id: '920303', name: 'Abbotts Creek' });
  const user = (username: string, role: 'analyst' | 'principal') =>
    signedInClient(app, handle, {
      districtId,
      username,
      displayName: username,
      role,
      schoolIds: role === 'principal' ? ['920302'] : [],
    });
  analyst = await user('ana.lyst', 'analyst');
  principal = await user('prin.cipal', 'principal');
});
afterAll(() => handle.close());

const scores: MappingInput = {
  kind: 'measures',
  name: 'my-scores',
  title: 'My scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [
    { measure: 'spg_score', type: 'number', column: 'spg' },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds' },
  ],
};
// Row 3 has a bad score (and a formula-like cell a spreadsheet would run), row 4 a suppressed
// share.
const CSV =
  'code,year,spg,eds,note\n' +
  '920302,2019,58.0,60.4,ok\n' +
  '920303,2019,7x3,12.5,"=HYPERLINK(""http://evil"")"\n' +
  '920303,2018,71,<5%,ok\n';

async function upload(client: TestClient, name: string, body: Blob) {
  const form = new FormData();
  form.append('note', 'ignored');
  form.append('file', body, name);
  return app.request('/api/imports/uploads', {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken },
  });
}

async function waitForJob(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const res = await analyst.request('GET', `/api/imports/jobs/${jobId}`);
    expect(res.status).toBe(200);
    const job = (await res.json()) as { phase: string } & Record<string, unknown>;
    if (job.phase === 'done' || job.phase === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

/** A zip of stored (uncompressed) entries (APPNOTE 6.3.10 §4.3), enough for a test upload. */
function storedZip(files: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('import API', () => {
  it('refuses every import endpoint to a role that may not import (403)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const calls: Array<Promise<Response>> = [
      principal.request('GET', '/api/imports/mappings'),
      principal.request('POST', '/api/imports/mappings', { title: 'Mine', document: {} }),
      principal.request('DELETE', '/api/imports/mappings/mine'),
      upload(principal, 'a.csv', new Blob([CSV])),
      principal.request('POST', '/api/imports/previews', { uploadId: id }),
      principal.request('POST', '/api/imports/jobs', { uploadId: id }),
      principal.request('GET', `/api/imports/jobs/${id}`),
      principal.request('GET', '/api/imports/batches'),
      principal.request('POST', `/api/imports/batches/${id}/rollback`, {}),
      principal.request('GET', `/api/imports/batches/${id}/rejected.csv`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status, res.url).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const anonymous = await app.request('/api/imports/batches');
    expect(anonymous.status).toBe(401);
  });

  it('lists the built-in mappings with the header each matches', async () => {
    const res = await analyst.request('GET', '/api/imports/mappings');
    expect(res.status).toBe(200);
    const { mappings } = (await res.json()) as {
      mappings: Array<{ name: string; requiredColumns: string[] }>;
    };
    const ma = mappings.find((m) => m.name === 'ma-dese-schools-2017');
    expect(ma?.requiredColumns.length).toBeGreaterThan(0);
    // With the measures a mapping built on the page can feed.
    const { measures } = (await (await analyst.request('GET', '/api/imports/mappings')).json()) as {
      measures: Array<{ key: string; unit: string }>;
    };
    expect(measures.length).toBeGreaterThanOrEqual(65);
    expect(measures[0]).toEqual({ key: 'enrollment', label: 'Enrollment', unit: 'count' });
    expect(mappings.some((m) => m.name === 'nyc-doe-school-explorer-2016')).toBe(true);
  });

  it('uploads, previews with every problem, imports valid rows, lists, downloads, rolls back', async () => {
    const up = await upload(analyst, '../../scores 2019?.csv', new Blob([CSV]));
    expect(up.status).toBe(201);
    const uploaded = (await up.json()) as { uploadId: string; fileName: string; kind: string };
    expect(uploaded).toMatchObject({
      fileName: 'scores 2019_.csv',
      kind: 'table',
      size: CSV.length,
    });
    const stored = fs.readdirSync(path.join(dataDir, 'uploads', uploaded.uploadId));
    expect(stored).toEqual(['scores 2019_.csv']);

    const preview = await analyst.request('POST', '/api/imports/previews', {
      uploadId: uploaded.uploadId,
      mapping: scores,
    });
    const p = (await preview.json()) as Record<string, unknown>;
    expect(preview.status, JSON.stringify(p)).toBe(200);
    expect(p).toMatchObject({
      kind: 'table',
      sheets: [],
      sheet: null,
      header: ['code', 'year', 'spg', 'eds', 'note'],
      mapping: { name: 'my-scores', isBuiltIn: false },
      isRefused: false,
      problemCount: 1,
      dryRun: { rowsRead: 3, rowsWritten: 4, rowsRejected: 1 },
    });
    expect(p.sourceRows).toHaveLength(3);
    expect(p.problems).toEqual([
      {
        file: 'scores 2019_.csv',
        row: 3,
        column: 'spg',
        value: '7x3',
        reason: expect.stringMatching(/\S/) as unknown,
      },
    ]);
    expect(p.landing).toContainEqual({
      row: 4,
      school: '920303',
      year: 2018,
      measure: 'pct_econ_disadv',
      group: 'all',
      value: null,
      status: 'suppressed',
      marker: '<5%',
      n: null,
    });
    // Each measure with its label and unit, for the page to show and to flag small groups by.
    expect(p.measures).toEqual([
      { key: 'spg_score', label: 'Performance score', unit: 'score' },
      { key: 'pct_econ_disadv', label: '% economically disadvantaged', unit: 'percent' },
    ]);
    // A measure the mapping defines, not yet in the catalogue: as the mapping defines it.
    const defining = await analyst.request('POST', '/api/imports/previews', {
      uploadId: uploaded.uploadId,
      mapping: {
        ...scores,
        defineMeasures: [
          { measure: 'spg_local', label: 'Local SPG', unit: 'score', category: 'outcome' },
        ],
        measures: [{ measure: 'spg_local', type: 'number', column: 'spg' }],
      },
    });
    expect(((await defining.json()) as { measures: unknown }).measures).toEqual([
      { key: 'spg_local', label: 'Local SPG', unit: 'score' },
    ]);
    const count = async () =>
      (await handle.db.selectFrom('measure_values').select('school_id').execute()).length;
    expect(await count()).toBe(0); // a preview writes nothing
    const localMeasure = await handle.db
      .selectFrom('measures')
      .select('key')
      .where('key', '=', 'spg_local')
      .execute();
    expect(localMeasure).toEqual([]); // nor adds to the catalogue

    const bad = await analyst.request('POST', '/api/imports/previews', {
      uploadId: uploaded.uploadId,
      mapping: { ...scores, school: { column: 'code', padStart: 'six' } },
    });
    expect(bad.status).toBe(400);

    const started = await analyst.request('POST', '/api/imports/jobs', {
      uploadId: uploaded.uploadId,
      mapping: scores,
      onProblems: 'skip-rows',
    });
    expect(started.status).toBe(202);
    const { id: jobId } = (await started.json()) as { id: string };
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({
      phase: 'done',
      summary: { rowsRead: 3, rowsWritten: 4, rowsRejected: 1 },
      failure: null,
    });
    expect(job.bytesRead).toBe(job.totalBytes);
    expect(await count()).toBe(4);
    const batchId = (job.summary as { batchId: string }).batchId;
    // Imported: the upload is gone.
    const again = await analyst.request('POST', '/api/imports/previews', {
      uploadId: uploaded.uploadId,
    });
    expect(again.status).toBe(404);

    const list = await analyst.request('GET', '/api/imports/batches');
    const { batches } = (await list.json()) as {
      batches: Array<{ id: string; status: string; createdBy: { username: string } }>;
    };
    expect(batches[0]).toMatchObject({
      id: batchId,
      status: 'committed',
      createdBy: { username: 'ana.lyst' },
    });

    const csv = await analyst.request('GET', `/api/imports/batches/${batchId}/rejected.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toContain('"spg: ""7x3"" ');

    const rolled = await analyst.request('POST', `/api/imports/batches/${batchId}/rollback`, {});
    expect(rolled.status).toBe(200);
    expect(await rolled.json()).toMatchObject({ batchId, deleted: 4, restored: 0 });
    expect(await count()).toBe(0);
    const twice = await analyst.request('POST', `/api/imports/batches/${batchId}/rollback`, {});
    expect(twice.status).toBe(409);

    const audit = await handle.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('subject_id', '=', batchId)
      .orderBy('action')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'import_batch_created',
      'import_batch_rolled_back',
    ]);
  });

  it('a job for a file with problems, aborting, fails with every problem and writes nothing', async () => {
    const up = await upload(analyst, 'scores.csv', new Blob([CSV]));
    const { uploadId } = (await up.json()) as { uploadId: string };
    const started = await analyst.request('POST', '/api/imports/jobs', {
      uploadId,
      mapping: scores,
    });
    const job = await waitForJob(((await started.json()) as { id: string }).id);
    expect(job, JSON.stringify(job)).toMatchObject({
      phase: 'failed',
      summary: null,
      failure: { problemCount: 1, problems: [{ row: 3, column: 'spg', value: '7x3' }] },
    });
    expect(
      (await handle.db.selectFrom('measure_values').select('school_id').execute()).length,
    ).toBe(0);
  });

  it('refuses an upload past the size limit with 413, and a file type it cannot read', async () => {
    const store = uploadStoreFor(dataDir);
    const limit = store.maxBytes;
    store.maxBytes = 64;
    try {
      const res = await upload(analyst, 'big.csv', new Blob(['x'.repeat(10_000)]));
      expect(res.status).toBe(413);
      const body = (await res.json()) as { detail: string };
      expect(body.detail).toMatch(/larger than the 64 bytes/);
    } finally {
      store.maxBytes = limit;
    }
    const pdf = await upload(analyst, 'report.pdf', new Blob(['%PDF-1.4']));
    expect(pdf.status).toBe(400);
    // Nothing is left behind by refused uploads.
    const left = fs.readdirSync(path.join(dataDir, 'uploads'));
    for (const dir of left) expect(fs.readdirSync(path.join(dataDir, 'uploads', dir))).toEqual([]);
  });

  it('imports a OneRoster export uploaded as a .zip through standards-import', async () => {
    const files = fs
      .readdirSync(SDS)
      .map((f): [string, Buffer] => [`export/${f}`, fs.readFileSync(path.join(SDS, f))]);
    const up = await upload(analyst, 'roster.zip', new Blob([new Uint8Array(storedZip(files))]));
    expect(up.status).toBe(201);
    const { uploadId, kind } = (await up.json()) as { uploadId: string; kind: string };
    expect(kind).toBe('oneroster');
    const preview = await analyst.request('POST', '/api/imports/previews', { uploadId });
    const p = (await preview.json()) as Record<string, unknown>;
    expect(p).toMatchObject({ kind: 'oneroster', isRefused: false, dryRun: { dryRun: true } });
    const started = await analyst.request('POST', '/api/imports/jobs', { uploadId });
    const job = await waitForJob(((await started.json()) as { id: string }).id);
    expect(job).toMatchObject({
      phase: 'done',
      summary: { sourceKind: 'oneroster', districtId, dryRun: false, fileName: 'roster.zip' },
    });
    const schools = await handle.db
      .selectFrom('schools')
      .select('id')
      .where('district_id', '=', districtId)
      .execute();
    expect(schools.map((s) => s.id)).toContain('110003');
    const batchId = (job.summary as { batchId: string }).batchId;
    const rolled = await analyst.request('POST', `/api/imports/batches/${batchId}/rollback`, {});
    expect(rolled.status).toBe(200);
  });

  it('names the built-in mappings whose columns a file has when its name picks none', async () => {
    const header = 'year,agency_code,pct_eds,pct_eds_masking\n2019,920302,61.5,\n';
    const preview = async (name: string) => {
      const up = await upload(analyst, name, new Blob([header]));
      const { uploadId } = (await up.json()) as { uploadId: string };
      const res = await analyst.request('POST', '/api/imports/previews', { uploadId });
      return (await res.json()) as Record<string, unknown>;
    };
    expect(await preview('eds from the state.csv')).toMatchObject({
      mapping: null,
      fits: [{ name: 'nc-dpi-rcd-acc-eds' }],
      isRefused: false,
    });
    expect(await preview('rcd_acc_eds.csv')).toMatchObject({
      mapping: { name: 'nc-dpi-rcd-acc-eds', isBuiltIn: true },
      fits: [],
    });
  });

  it('saves a mapping for the district, which the next file with its header gets in the preview, and deletes it', async () => {
    const sis = 'Bldg,Term,ADA\n920302,2024,0.951\n920303,2024,0.93\n';
    const document = {
      kind: 'measures',
      description: 'Built column by column on the Data imports page.',
      match: { requiredColumns: ['Bldg', 'Term', 'ADA'] },
      school: { column: 'Bldg' },
      year: { column: 'Term' },
      measures: [{ measure: 'attendance_rate', type: 'number', column: 'ADA', scale: 100 }],
    };
    const saved = await analyst.request('POST', '/api/imports/mappings', {
      title: 'SIS attendance (monthly)',
      document,
    });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({
      name: 'sis-attendance-monthly',
      source: 'saved',
      savedBy: 'ana.lyst',
      columns: ['Bldg', 'Term', 'ADA'],
    });
    const again = await analyst.request('POST', '/api/imports/mappings', {
      title: 'SIS Attendance (monthly)',
      document,
    });
    expect(again.status).toBe(409);
    const bad = await analyst.request('POST', '/api/imports/mappings', {
      title: 'Broken',
      document: { ...document, year: {} },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(
      /Mapping "broken" is not valid/,
    );

    const list = await analyst.request('GET', '/api/imports/mappings');
    const { mappings } = (await list.json()) as {
      mappings: Array<{ name: string; source: string; savedAt: string | null; document: unknown }>;
    };
    expect(mappings[0]).toMatchObject({
      name: 'sis-attendance-monthly',
      source: 'saved',
      document: { school: { column: 'Bldg' }, title: 'SIS attendance (monthly)' },
    });
    expect(mappings.find((m) => m.source === 'built-in')).toMatchObject({ document: null });
    const replacingNothing = await analyst.request('POST', '/api/imports/mappings', {
      title: 'SIS attendance v2',
      document,
      replaces: 'no-such-mapping',
    });
    expect(replacingNothing.status).toBe(404);
    expect(Date.parse(mappings[0]?.savedAt ?? '')).not.toBeNaN();

    const up = await upload(analyst, 'attendance april.csv', new Blob([sis]));
    const { uploadId } = (await up.json()) as { uploadId: string };
    const preview = await analyst.request('POST', '/api/imports/previews', { uploadId });
    expect(await preview.json()).toMatchObject({
      mapping: { name: 'sis-attendance-monthly', isBuiltIn: false },
      landing: [
        { school: '920302', measure: 'attendance_rate', value: 95.1 },
        { school: '920303' },
      ],
      problemCount: 0,
    });

    expect(
      (await analyst.request('DELETE', '/api/imports/mappings/sis-attendance-monthly')).status,
    ).toBe(204);
    expect(
      (await analyst.request('DELETE', '/api/imports/mappings/sis-attendance-monthly')).status,
    ).toBe(404);
    expect((await analyst.request('DELETE', '/api/imports/mappings/Not%20A%20Name')).status).toBe(
      400,
    );
    const after = await analyst.request('POST', '/api/imports/previews', { uploadId });
    expect(await after.json()).toMatchObject({ mapping: null, fits: [] });
  });

  it('a workbook of several sheets: lists them, previews and imports the one chosen', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Read me').addRow(['Export notes']);
    workbook.addWorksheet('Empty');
    const data = workbook.addWorksheet('Scores');
    data.addRow(['code', 'year', 'spg', 'eds']);
    data.addRow([920302, 2017, 61.5, 58.2]);
    data.addRow([920303, 2017, 70, '*']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const up = await upload(analyst, 'book.xlsx', new Blob([new Uint8Array(bytes)]));
    expect(up.status).toBe(201);
    const { uploadId } = (await up.json()) as { uploadId: string };
    const preview = async (body: Record<string, unknown>) => {
      const res = await analyst.request('POST', '/api/imports/previews', { uploadId, ...body });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(json)).toBe(200);
      return json;
    };
    const sheets = ['Read me', 'Empty', 'Scores'];

    // No sheet asked for: the first is read, and no built-in mapping fits it.
    expect(await preview({})).toMatchObject({
      sheets,
      sheet: 'Read me',
      header: ['Export notes'],
      mapping: null,
      isRefused: false,
    });
    // A sheet that cannot be read is refused, naming it; the others are still there to choose.
    const empty = await preview({ sheet: 'empty' });
    expect(empty).toMatchObject({ sheets, sheet: 'Empty', isRefused: true, header: [] });
    expect(JSON.stringify(empty.problems)).toContain('the sheet \\"Empty\\" is empty');
    const missing = await preview({ sheet: 'Totals' });
    expect(missing).toMatchObject({ sheets, sheet: 'Totals', isRefused: true });
    expect(JSON.stringify(missing.problems)).toContain('no sheet \\"Totals\\"');
    // The sheet chosen, by any case, is read through the mapping.
    const scoresSheet = await preview({ sheet: 'SCORES', mapping: scores });
    expect(scoresSheet).toMatchObject({
      sheets,
      sheet: 'Scores',
      header: ['code', 'year', 'spg', 'eds'],
      isRefused: false,
      dryRun: { rowsRead: 2, rowsWritten: 4, rowsRejected: 0 },
    });
    expect(scoresSheet.landing).toContainEqual(
      expect.objectContaining({
        row: 3,
        school: '920303',
        measure: 'pct_econ_disadv',
        marker: '*',
      }),
    );
    // A mapping that names its sheet, here one the district saved, is previewed on that sheet,
    // as it is imported.
    const { name: _name, title: _title, ...document } = scores;
    const saved = await analyst.request('POST', '/api/imports/mappings', {
      title: 'Scores sheet of the SIS book',
      document: { ...document, sheet: 'Scores' },
    });
    expect(saved.status).toBe(201);
    expect(await preview({ mapping: 'scores-sheet-of-the-sis-book' })).toMatchObject({
      sheet: 'Scores',
      header: ['code', 'year', 'spg', 'eds'],
      mapping: { name: 'scores-sheet-of-the-sis-book', isBuiltIn: false },
      dryRun: { rowsRead: 2, rowsWritten: 4 },
    });
    const deleted = await analyst.request(
      'DELETE',
      '/api/imports/mappings/scores-sheet-of-the-sis-book',
    );
    expect(deleted.status).toBe(204);
    for (const sheet of ['', ' ', 'x'.repeat(32)]) {
      const bad = await analyst.request('POST', '/api/imports/previews', { uploadId, sheet });
      expect(bad.status, sheet).toBe(400);
    }

    const started = await analyst.request('POST', '/api/imports/jobs', {
      uploadId,
      mapping: scores,
      sheet: 'Scores',
    });
    expect(started.status).toBe(202);
    const job = await waitForJob(((await started.json()) as { id: string }).id);
    expect(job).toMatchObject({
      phase: 'done',
      summary: { fileName: 'book.xlsx (sheet "Scores")', rowsRead: 2, rowsWritten: 4 },
    });
    const values = await handle.db
      .selectFrom('measure_values')
      .select(['school_id', 'measure_key', 'value', 'status'])
      .where('district_id', '=', districtId)
      .where('school_year', '=', 2017)
      .orderBy('school_id')
      .orderBy('measure_key')
      .execute();
    expect(values).toEqual([
      { school_id: '920302', measure_key: 'pct_econ_disadv', value: 58.2, status: 'reported' },
      { school_id: '920302', measure_key: 'spg_score', value: 61.5, status: 'reported' },
      { school_id: '920303', measure_key: 'pct_econ_disadv', value: null, status: 'suppressed' },
      { school_id: '920303', measure_key: 'spg_score', value: 70, status: 'reported' },
    ]);
    const list = await analyst.request('GET', '/api/imports/batches');
    const { batches } = (await list.json()) as { batches: Array<{ fileName: string }> };
    expect(batches.map((b) => b.fileName)).toContain('book.xlsx (sheet "Scores")');
  });
});
