import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError } from '../domain/shared/errors.ts';
import { createUser, loadActor } from './auth.ts';
import { importFile } from './imports.ts';
import { nameFromTitle } from '../importers/mapping.ts';
import { deleteMapping, listMappingChoices, saveMapping } from './saved-mappings.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-saved-mappings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

// A monthly SIS export no built-in mapping knows: attendance by school, as fractions.
const SIS_CSV = 'Bldg,Term,ADA\n920302,2024,0.951\n920303,2024,0.93\n';
const document = {
  kind: 'measures',
  description: 'Built column by column on the Data imports page.',
  match: { requiredColumns: ['Bldg', 'Term', 'ADA'] },
  school: { column: 'Bldg' },
  year: { column: 'Term' },
  measures: [{ measure: 'attendance_rate', type: 'number', column: 'ADA', scale: 100 }],
};

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('saved mappings', () => {
  let handle: DbHandle;
  let districtId: string;
  let analyst: Actor;
  beforeEach(async () => {
    handle = await createTestDb();
    districtId = (await makeDistrict(handle.db)).id;
    await makeSchool(handle.db, districtId, { id: '920302' });
    await makeSchool(handle.db, districtId, { id: '920303' });
    const user = await createUser(handle.db, {
      districtId,
      username: 'ana.lyst',
      displayName: 'Ana Lyst',
      role: 'analyst',
    });
    analyst = await loadActor(handle.db, user.userId);
    return () => handle.close();
  });

  it('makes a name from the title', () => {
    expect(nameFromTitle('SIS attendance export (monthly)')).toBe('sis-attendance-export-monthly');
    expect(nameFromTitle('  Évaluations — 2024 ')).toBe('evaluations-2024');
    expect(nameFromTitle('***')).toBe('');
  });

  it('saves a mapping that then reads next term’s file by its header, or by its name', async () => {
    const saved = await saveMapping(handle.db, analyst, {
      title: 'SIS attendance export',
      document,
    });
    expect(saved).toMatchObject({
      name: 'sis-attendance-export',
      title: 'SIS attendance export',
      source: 'saved',
      savedBy: 'Ana Lyst',
      requiredColumns: ['Bldg', 'Term', 'ADA'],
    });
    const choices = await listMappingChoices(handle.db, analyst);
    expect(choices[0]?.name).toBe('sis-attendance-export');
    expect(choices.filter((c) => c.source === 'built-in').length).toBeGreaterThan(10);

    // Picked from the header, with no mapping named.
    const file = write('attendance-march.csv', SIS_CSV);
    const summary = await importFile(handle.db, analyst, { districtId, path: file });
    expect(summary).toMatchObject({ mappingName: 'sis-attendance-export', rowsWritten: 2 });
    const value = await handle.db
      .selectFrom('measure_values')
      .select(['value'])
      .where('district_id', '=', districtId)
      .where('school_id', '=', '920302')
      .where('measure_key', '=', 'attendance_rate')
      .executeTakeFirstOrThrow();
    expect(value.value).toBeCloseTo(95.1, 6);

    // Named, as `tandem import --mapping sis-attendance-export` names it.
    const again = await importFile(handle.db, analyst, {
      districtId,
      path: file,
      mapping: 'sis-attendance-export',
      dryRun: true,
    });
    expect(again).toMatchObject({ mappingName: 'sis-attendance-export', rowsWritten: 0 });
  });

  it('is the district’s own: another district neither sees nor picks it', async () => {
    await saveMapping(handle.db, analyst, { title: 'SIS attendance export', document });
    const other = await makeDistrict(handle.db, { id: 'other-district' });
    await makeSchool(handle.db, other.id, { id: '920302' });
    const user = await createUser(handle.db, {
      districtId: other.id,
      username: 'other.analyst',
      displayName: 'Other Analyst',
      role: 'analyst',
    });
    const outsider = await loadActor(handle.db, user.userId);
    const choices = await listMappingChoices(handle.db, outsider);
    expect(choices.some((c) => c.source === 'saved')).toBe(false);
    const file = write('theirs.csv', SIS_CSV);
    const error = await failure(
      importFile(handle.db, outsider, { districtId: other.id, path: file }),
    );
    expect(error.message).toMatch(/no built-in or saved mapping fits/);
    const named = await failure(
      importFile(handle.db, outsider, {
        districtId: other.id,
        path: file,
        mapping: 'sis-attendance-export',
      }),
    );
    expect(named.message).toBe('There is no mapping named "sis-attendance-export".');
    await expect(deleteMapping(handle.db, outsider, 'sis-attendance-export')).rejects.toThrow(
      /was not found/,
    );
  });

  it('refuses a clash, a built-in’s name, a bad title or document, and someone who may not import', async () => {
    await saveMapping(handle.db, analyst, { title: 'SIS attendance export', document });
    const clash = await failure(
      saveMapping(handle.db, analyst, { title: 'sis  ATTENDANCE export', document }),
    );
    expect(clash.kind).toBe('conflict');
    expect(clash.message).toMatch(/already has a saved mapping "SIS attendance export"/);
    const builtIn = await failure(
      saveMapping(handle.db, analyst, { title: 'NC DPI rcd acc eds', document }),
    );
    expect(builtIn).toMatchObject({ kind: 'conflict' });
    expect(builtIn.message).toMatch(/"nc-dpi-rcd-acc-eds" is the name of a built-in mapping/);
    const blank = await failure(saveMapping(handle.db, analyst, { title: '  ', document }));
    expect(blank.problems).toEqual([{ field: 'title', message: 'must be 1 to 120 characters' }]);
    const invalid = await failure(
      saveMapping(handle.db, analyst, {
        title: 'Broken',
        document: { ...document, measures: [{ measure: 'attendance_rate', type: 'number' }] },
      }),
    );
    expect(invalid.kind).toBe('bad_request');
    expect(invalid.problems[0]?.field).toMatch(/^measures\.0/);
    // Valid as a document, but no import could use it: refused now, not next month.
    const unusable = await failure(
      saveMapping(handle.db, analyst, {
        title: 'Unusable',
        document: {
          ...document,
          measures: [
            { measure: 'attendance_rate', type: 'text', column: 'ADA' },
            { measure: 'happiness', type: 'number', column: 'ADA' },
          ],
        },
      }),
    );
    expect(unusable.problems).toEqual([
      {
        field: 'measures.0.type',
        message: 'must be "number" for "attendance_rate", a measure in percent',
      },
    ]);
    const unknown = await failure(
      saveMapping(handle.db, analyst, {
        title: 'Unknown',
        document: {
          ...document,
          measures: [{ measure: 'happiness', type: 'number', column: 'ADA' }],
        },
      }),
    );
    expect(unknown.problems[0]?.field).toBe('measures.0.measure');
    const teacher: Actor = { ...analyst, grants: [{ role: 'teacher', schoolId: '920302' }] };
    await expect(
      saveMapping(handle.db, teacher, { title: 'Mine', document }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(
      (await listMappingChoices(handle.db, analyst)).filter((c) => c.source === 'saved'),
    ).toHaveLength(1);
  });

  it('replaces a saved mapping by a changed copy in one step, or not at all', async () => {
    await saveMapping(handle.db, analyst, { title: 'SIS attendance export', document });
    await saveMapping(handle.db, analyst, {
      title: 'Other export',
      document: { ...document, match: { requiredColumns: ['Bldg', 'Term', 'ADA', 'X'] } },
    });
    const changed = {
      ...document,
      measures: [{ measure: 'attendance_rate', type: 'number', column: 'ADA' }],
    };
    const saved = await saveMapping(handle.db, analyst, {
      title: 'SIS attendance export',
      document: changed,
      replaces: 'sis-attendance-export',
    });
    expect(saved.document?.measures).toEqual([
      { measure: 'attendance_rate', type: 'number', column: 'ADA' },
    ]);
    const savedNames = async () =>
      (await listMappingChoices(handle.db, analyst))
        .filter((c) => c.source === 'saved')
        .map((c) => c.name);
    expect(await savedNames()).toEqual(['other-export', 'sis-attendance-export']);
    // A changed copy whose title another saved mapping has: refused, and the original stays.
    const clash = await failure(
      saveMapping(handle.db, analyst, {
        title: 'Other export',
        document: changed,
        replaces: 'sis-attendance-export',
      }),
    );
    expect(clash.kind).toBe('conflict');
    expect(await savedNames()).toEqual(['other-export', 'sis-attendance-export']);
    const gone = await failure(
      saveMapping(handle.db, analyst, { title: 'New', document, replaces: 'no-such-mapping' }),
    );
    expect(gone.kind).toBe('not_found');
    expect(await savedNames()).toEqual(['other-export', 'sis-attendance-export']);
    const events = await handle.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('district_id', '=', districtId)
      .where('action', '=', 'mapping.replace')
      .execute();
    expect(events).toEqual([
      {
        action: 'mapping.replace',
        detail: { title: 'SIS attendance export', replaces: 'sis-attendance-export' },
      },
    ]);
  });

  it('deletes one, audited both ways; batches read with it keep its name', async () => {
    await saveMapping(handle.db, analyst, { title: 'SIS attendance export', document });
    const summary = await importFile(handle.db, analyst, {
      districtId,
      path: write('march.csv', SIS_CSV),
    });
    await deleteMapping(handle.db, analyst, 'sis-attendance-export');
    expect((await listMappingChoices(handle.db, analyst)).some((c) => c.source === 'saved')).toBe(
      false,
    );
    const batch = await handle.db
      .selectFrom('import_batches')
      .select(['mapping_name'])
      .where('id', '=', summary.batchId)
      .executeTakeFirstOrThrow();
    expect(batch.mapping_name).toBe('sis-attendance-export');
    const events = await handle.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'user_id'])
      .where('district_id', '=', districtId)
      .where('subject_type', '=', 'saved_mapping')
      .orderBy('at')
      .execute();
    expect(events).toEqual([
      { action: 'mapping.save', subject_id: 'sis-attendance-export', user_id: analyst.userId },
      { action: 'mapping.delete', subject_id: 'sis-attendance-export', user_id: analyst.userId },
    ]);
  });

  it('leaves a saved document that no longer validates out of picking, listed to be deleted', async () => {
    await handle.db
      .insertInto('saved_mappings')
      .values({
        district_id: districtId,
        name: 'old-format',
        title: 'Old format',
        document: JSON.stringify({ ...document, name: 'old-format', title: 'Old', shape: 'wide' }),
        created_by: analyst.userId,
      })
      .execute();
    const choices = await listMappingChoices(handle.db, analyst);
    expect(choices[0]).toMatchObject({ name: 'old-format', source: 'saved', columns: [] });
    expect(choices[0]?.description).toMatch(/no longer valid/);
    const file = write('april.csv', SIS_CSV);
    const named = await failure(
      importFile(handle.db, analyst, { districtId, path: file, mapping: 'old-format' }),
    );
    expect(named.message).toMatch(/The saved mapping "old-format" is no longer valid/);
    const picked = await failure(importFile(handle.db, analyst, { districtId, path: file }));
    expect(picked.message).toMatch(/no built-in or saved mapping fits/);
    await deleteMapping(handle.db, analyst, 'old-format');
  });
});
