// Statewide reference data through the import API (issue #5): the state's files uploaded one by
// one, checked (a dry run keeps the uploads), loaded as one background job, shown as in use,
// listed in the history and rolled back; a file no statewide load reads is refused, naming it;
// and roles that may not import get 403. The files are the committed extract (data/demo/nc-state).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import { resetSignInLimits } from '../services/auth.ts';
import { createApp } from './app.ts';
import { signedInClient, TEST_CONFIG, type TestClient } from './testing.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-statewide-api-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const STATE_DIR = path.resolve(import.meta.dirname, '../../data/demo/nc-state/2019');

let app: ReturnType<typeof createApp>;
let handle: DbHandle;
let analyst: TestClient;
let principal: TestClient;

beforeAll(async () => {
  handle = await createTestDb();
  resetSignInLimits();
  app = createApp({ db: handle.db, config: { ...TEST_CONFIG, dataDir } });
  const districtId = (await makeDistrict(handle.db)).id;
  await makeSchool(handle.db, districtId, { id: '920302', name: 'River Bend Elementary' });
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

async function upload(client: TestClient, name: string, body: Blob) {
  const form = new FormData();
  form.append('file', body, name);
  const res = await app.request('/api/imports/uploads', {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { uploadId: string }).uploadId;
}

const stateFile = (name: string) => new Blob([fs.readFileSync(path.join(STATE_DIR, name))]);

interface Job {
  id: string;
  kind: string;
  phase: string;
  fileName: string;
  summary: {
    batchId: string | null;
    dryRun: boolean;
    years: { year: number; schools: number; status: string }[];
    rowsWritten: number;
    files: { fileName: string; rowsRead: number; year: number | null }[];
  } | null;
  failure: { message: string; problems: { file: string; reason: string }[] } | null;
}

async function runJob(body: unknown): Promise<Job> {
  const res = await analyst.request('POST', '/api/imports/statewide-jobs', body);
  expect(res.status).toBe(202);
  const started = (await res.json()) as Job;
  expect(started.kind).toBe('statewide');
  for (let i = 0; i < 600; i++) {
    const poll = await analyst.request('GET', `/api/imports/jobs/${started.id}`);
    expect(poll.status).toBe(200);
    const job = (await poll.json()) as Job;
    if (job.phase === 'done' || job.phase === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

describe('statewide reference data through the import API', () => {
  it('checks, loads, shows, lists and rolls back the state’s files', async () => {
    const before = await analyst.request('GET', '/api/imports/statewide');
    expect(before.status).toBe(200);
    const info = (await before.json()) as {
      state: string;
      isSupported: boolean;
      files: { mapping: string }[];
      loaded: unknown[];
    };
    expect(info).toMatchObject({ state: 'NC', isSupported: true, loaded: [] });
    expect(info.files.map((f) => f.mapping)).toContain('nc-dpi-rcd-eq');

    const ids = [
      await upload(analyst, 'rcd_acc_eds.csv.gz', stateFile('rcd_acc_eds.csv.gz')),
      await upload(analyst, 'rcd_eq.csv.gz', stateFile('rcd_eq.csv.gz')),
    ];
    const check = await runJob({ uploadIds: ids, dryRun: true });
    expect(check.phase).toBe('done');
    expect(check.fileName).toBe('rcd_acc_eds.csv.gz, rcd_eq.csv.gz');
    expect(check.summary).toMatchObject({ batchId: null, dryRun: true, rowsWritten: 0 });
    // 2,665 state schools with a figure: the union of rcd_acc_eds' 2,645 with a share and
    // rcd_eq's 2,659 (counted with Python's csv module over the same files).
    expect(check.summary?.years).toEqual([{ year: 2019, schools: 2665, status: 'loaded' }]);

    // The check kept the uploads: the same ids load.
    const load = await runJob({ uploadIds: ids });
    expect(load.phase).toBe('done');
    expect(load.summary).toMatchObject({ dryRun: false, rowsWritten: 2665 });
    expect(load.summary?.files.map((f) => [f.fileName, f.rowsRead, f.year])).toEqual([
      ['rcd_acc_eds.csv.gz', 2654, 2019],
      ['rcd_eq.csv.gz', 2659, 2019],
    ]);
    const batchId = load.summary?.batchId ?? '';
    expect(batchId).not.toBe('');

    const after = (await (await analyst.request('GET', '/api/imports/statewide')).json()) as {
      loaded: { year: number; schools: number; batchId: string; fileName: string }[];
    };
    expect(after.loaded).toEqual([
      {
        year: 2019,
        schools: 2665,
        batchId,
        fileName: 'NC statewide reference 2019: rcd_acc_eds.csv.gz, rcd_eq.csv.gz',
        createdAt: expect.stringMatching(/\S/) as unknown,
      },
    ]);
    const history = (await (await analyst.request('GET', '/api/imports/batches')).json()) as {
      batches: { id: string; mappingName: string; createdBy: { username: string } | null }[];
    };
    expect(history.batches.find((b) => b.id === batchId)).toMatchObject({
      mappingName: 'nc-dpi-statewide',
      createdBy: { username: 'ana.lyst' },
    });

    // The load deleted its uploads.
    const again = await analyst.request('POST', '/api/imports/statewide-jobs', { uploadIds: ids });
    expect(again.status).toBe(404);

    const rollback = await analyst.request('POST', `/api/imports/batches/${batchId}/rollback`, {});
    expect(rollback.status).toBe(200);
    const rolledBack = (await (await analyst.request('GET', '/api/imports/statewide')).json()) as {
      loaded: unknown[];
    };
    expect(rolledBack.loaded).toEqual([]);
  }, 120_000);

  it('refuses a file no statewide load reads, naming it, and writes nothing', async () => {
    const id = await upload(analyst, 'scores.csv', new Blob(['code,year,spg\n920302,2019,58\n']));
    const job = await runJob({ uploadIds: [id] });
    expect(job.phase).toBe('failed');
    expect(job.failure?.message).toMatch(/^scores\.csv: not a state file a statewide load reads/);
    expect(job.failure?.message).not.toContain(dataDir);
  });

  it('is for district leaders and analysts only', async () => {
    expect((await principal.request('GET', '/api/imports/statewide')).status).toBe(403);
    const res = await principal.request('POST', '/api/imports/statewide-jobs', {
      uploadIds: ['7f1c7a8e-0000-4000-8000-000000000000'],
    });
    expect(res.status).toBe(403);
    const bad = await analyst.request('POST', '/api/imports/statewide-jobs', { uploadIds: [] });
    expect(bad.status).toBe(400);
  });
});
