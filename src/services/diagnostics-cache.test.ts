// The diagnostics cache (issue #4): a school page is served from what the district computed, and
// every write the figures depend on — an import, a rollback, a recorded identification — moves
// the district's data version (triggers of migration 005), so the next request computes again
// and shows the new figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict } from '../db/factories.ts';
import { getDistrictDataVersion } from '../db/queries/diagnostics.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import type { MappingInput } from '../importers/mapping.ts';
import { diagnosticsSnapshot, markDistrictDataChanged } from './diagnostics-cache.ts';
import { getSchoolDiagnostics } from './diagnostics-school.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import { rollbackBatch } from './import-batches.ts';
import { importFile } from './imports.ts';
import { runIdentification } from './identifications.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-diag-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const directory: MappingInput = {
  kind: 'schools',
  name: 'test-directory',
  title: 'Test directory',
  description: '',
  match: { requiredColumns: ['code', 'name'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  fields: { name: { column: 'name' } },
};

const scores: MappingInput = {
  kind: 'measures',
  name: 'test-scores',
  title: 'Test scores',
  description: '',
  match: { requiredColumns: ['code', 'year', 'spg', 'eds'] },
  school: { column: 'code', padStart: 6, pattern: '^[0-9]{6}$' },
  year: { column: 'year' },
  measures: [
    { measure: 'spg_score', type: 'number', column: 'spg', n: { column: 'n' } },
    { measure: 'pct_econ_disadv', type: 'number', column: 'eds', n: { column: 'n' } },
  ],
};

const SCHOOLS = Array.from({ length: 12 }, (_, i) => `9200${String(i + 10)}`);
const poverty = (i: number) => 10 + 6 * i;
const score = (i: number) => 90 - 0.5 * poverty(i) + ((i * 7) % 5) - 2;

function scoresCsv(change: { school: string; spg: number } | null): string {
  const lines = SCHOOLS.map((code, i) => {
    const spg = change?.school === code ? change.spg : score(i);
    return `${code},2019,${spg},${poverty(i)},400`;
  });
  return `code,year,spg,eds,n\n${lines.join('\n')}\n`;
}

let handle: DbHandle;
let districtId: string;
let actor: Actor;

beforeAll(async () => {
  handle = await createTestDb();
  districtId = (await makeDistrict(handle.db)).id;
  actor = {
    userId: '00000000-0000-4000-8000-000000000001',
    districtId,
    username: 'lead',
    displayName: 'Lead',
    staffId: null,
    grants: [{ role: 'district_leader', schoolId: null }],
  };
  await handle.db
    .insertInto('users')
    .values({
      id: actor.userId,
      district_id: districtId,
      username: 'lead',
      display_name: 'Lead',
      password_hash: 'x',
    })
    .execute();
  const names = SCHOOLS.map((code, i) => `${code},School ${i}`).join('\n');
  await importFile(handle.db, null, {
    districtId,
    path: write('directory.csv', `code,name\n${names}\n`),
    mapping: directory,
  });
  await importFile(handle.db, null, {
    districtId,
    path: write('scores-1.csv', scoresCsv(null)),
    mapping: scores,
  });
});
afterAll(() => handle.close());

const target = SCHOOLS[3] ?? '';

describe('the diagnostics cache', () => {
  it('serves the same computed snapshot while nothing changes', async () => {
    const a = await diagnosticsSnapshot(handle.db, districtId);
    const b = await diagnosticsSnapshot(handle.db, districtId);
    expect(b).toBe(a);
    // The expensive parts are computed once per version.
    expect(b.expectations('spg_score', 2019, 10)).toBe(a.expectations('spg_score', 2019, 10));
    expect(b.peers(2019)).toBe(a.peers(2019));
  });

  it('shows an import’s figures on the next request, and the old ones after its rollback', async () => {
    const before = await getSchoolDiagnostics(handle.db, actor, target, { year: 2019 });
    const district = await getDistrictDiagnostics(handle.db, actor, { year: 2019 });
    expect(before.expectation?.actual).toBe(score(3));
    expect(district.schools.find((s) => s.id === target)?.actual).toBe(score(3));
    const version = await getDistrictDataVersion(handle.db, districtId);

    const imported = await importFile(handle.db, null, {
      districtId,
      path: write('scores-2.csv', scoresCsv({ school: target, spg: 99 })),
      mapping: scores,
    });
    expect(await getDistrictDataVersion(handle.db, districtId)).toBeGreaterThan(version ?? 0);
    const after = await getSchoolDiagnostics(handle.db, actor, target, { year: 2019 });
    expect(after.expectation?.actual).toBe(99);
    // Far above what its poverty predicts now: the residual moved with it.
    expect(after.expectation?.residual ?? 0).toBeGreaterThan(before.expectation?.residual ?? 0);
    const districtAfter = await getDistrictDiagnostics(handle.db, actor, { year: 2019 });
    expect(districtAfter.schools.find((s) => s.id === target)?.actual).toBe(99);
    expect(districtAfter.fit?.slope).not.toBe(district.fit?.slope);

    if (imported.batchId === null) throw new Error('the import wrote no batch');
    await rollbackBatch(handle.db, null, districtId, imported.batchId);
    const rolledBack = await getSchoolDiagnostics(handle.db, actor, target, { year: 2019 });
    expect(rolledBack.expectation?.actual).toBe(score(3));
    expect(rolledBack.expectation?.residual).toBe(before.expectation?.residual);
    const districtBack = await getDistrictDiagnostics(handle.db, actor, { year: 2019 });
    expect(districtBack.fit?.slope).toBe(district.fit?.slope);
  });

  it('does not move the version on a dry run (nothing was written)', async () => {
    const version = await getDistrictDataVersion(handle.db, districtId);
    await importFile(handle.db, null, {
      districtId,
      path: write('scores-3.csv', scoresCsv({ school: target, spg: 1 })),
      mapping: scores,
      dryRun: true,
    });
    expect(await getDistrictDataVersion(handle.db, districtId)).toBe(version);
    const s = await getSchoolDiagnostics(handle.db, actor, target, { year: 2019 });
    expect(s.expectation?.actual).toBe(score(3));
  });

  it('moves the version when an identification is recorded or a write is marked', async () => {
    const a = await diagnosticsSnapshot(handle.db, districtId);
    await runIdentification(handle.db, actor, { ruleSet: 'federal-essa', year: 2019 });
    const b = await diagnosticsSnapshot(handle.db, districtId);
    expect(b.version).toBeGreaterThan(a.version);
    expect(b).not.toBe(a);
    await markDistrictDataChanged(handle.db, districtId);
    const c = await diagnosticsSnapshot(handle.db, districtId);
    expect(c.version).toBe(b.version + 1);
  });

  it('still checks permissions on every request', async () => {
    // A signed-in account without any grant (canViewSchoolAggregates) sees nothing, cache or not.
    const noGrants: Actor = { ...actor, grants: [] };
    await diagnosticsSnapshot(handle.db, districtId);
    await expect(getSchoolDiagnostics(handle.db, noGrants, target, {})).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});
