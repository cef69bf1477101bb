// docs/mappings.md, the guide for people writing a mapping, promises that its examples are what
// Tandem does: each example mapping is read here with its example file, and what the guide says
// is stored is checked against what is; its tables of student groups and measures against the
// catalogue. A change that makes the guide untrue fails here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import { makeDistrict, makeSchool } from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import { STANDARD_MEASURES, STUDENT_GROUPS } from '../domain/shared/catalogue.ts';
import { applyRow, bindMapping, type ValueRecord } from '../importers/apply.ts';
import { parseMapping, type MappingInput } from '../importers/mapping.ts';
import { parseSchoolYear } from '../importers/values.ts';
import { importFile } from './imports.ts';

const GUIDE = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/mappings.md'), 'utf8');

/** The guide's fenced blocks tagged `csv file=NAME` and `json mapping=NAME`, by NAME. */
function examples(): Map<string, { csv: string; mapping: MappingInput; stored: StoredRow[] }> {
  const files = new Map<string, string>();
  const mappings = new Map<string, { mapping: MappingInput; end: number }>();
  for (const m of GUIDE.matchAll(/^```(csv|json) (file|mapping)=(\S+)\n([\s\S]*?)^```$/gm)) {
    const [, , tag, name, body] = m;
    if (tag === 'file') files.set(name!, body!);
    else {
      const mapping = JSON.parse(body!) as MappingInput;
      mappings.set(name!, { mapping, end: m.index + m[0].length });
    }
  }
  const out = new Map<string, { csv: string; mapping: MappingInput; stored: StoredRow[] }>();
  for (const [name, { mapping, end }] of mappings) {
    const csv = files.get(name);
    if (csv === undefined) throw new Error(`docs/mappings.md: no example file ${name}`);
    out.set(name, { csv, mapping, stored: storedTableAfter(end) });
  }
  return out;
}

interface StoredRow {
  school: string;
  year: number;
  group: string;
  measure: string;
  stored: string;
}

/** The "school | year | group | measure | stored as" table after a mapping, if there is one
 * before the next example. */
function storedTableAfter(at: number): StoredRow[] {
  const rest = GUIDE.slice(at);
  const next = rest.search(/^```/m);
  const section = next === -1 ? rest : rest.slice(0, next);
  if (!section.includes('| school | year | group | measure | stored as |')) return [];
  return section
    .split('\n')
    .filter((line) => /^\| \d/.test(line))
    .map((line) => {
      const [school, year, group, measure, stored] = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return {
        school: school!,
        year: parseSchoolYear(year!.replace('–', '-')) ?? NaN,
        group: group!,
        measure: measure!,
        stored: stored!,
      };
    });
}

/** How the guide writes a stored value: `94.1 (n 412)`, `suppressed (\`*\`)`, `missing (blank)`. */
function described(v: ValueRecord): string {
  if (v.status === 'suppressed') return `suppressed (\`${v.marker}\`)`;
  if (v.status === 'missing') return 'missing (blank)';
  const value = v.value === null ? String(v.valueText) : String(Math.round(v.value * 1e6) / 1e6);
  return v.n === null ? value : `${value} (n ${v.n})`;
}

function readAll(name: string, csv: string, input: MappingInput) {
  const mapping = parseMapping(input);
  const [header, ...rows] = parse(csv) as string[][];
  const { bound, problems } = bindMapping(mapping, header!, name);
  expect(problems).toEqual([]);
  return rows.map((cells, i) => applyRow(bound!, cells, i + 2));
}

describe('docs/mappings.md', () => {
  const all = examples();

  it('has its four examples, each mapping valid for its file', () => {
    expect([...all.keys()]).toEqual([
      'attendance.csv',
      'proficiency-wide.csv',
      'schools.csv',
      'climate-survey.csv',
    ]);
    for (const [name, { csv, mapping }] of all) {
      const results = readAll(name, csv, mapping);
      expect(results.flatMap((r) => r.problems)).toEqual([]);
    }
  });

  it('stores what its tables say, and skips what it says', () => {
    for (const [name, { csv, mapping, stored }] of all) {
      if (stored.length === 0) continue;
      const values = readAll(name, csv, mapping).flatMap((r) => r.values);
      for (const row of stored) {
        const found = values.filter(
          (v) =>
            v.schoolId === row.school &&
            v.schoolYear === row.year &&
            v.studentGroup === row.group &&
            v.measureKey === row.measure,
        );
        expect(found.map(described), `${name}: ${JSON.stringify(row)}`).toEqual([row.stored]);
      }
    }
    const attendance = all.get('attendance.csv')!;
    const results = readAll('attendance.csv', attendance.csv, attendance.mapping);
    expect(results.map((r) => r.skipped)).toEqual([null, null, null, null, null, 'filtered']);
  });

  it('lists every student group and standard measure there is', () => {
    const table = (marker: string) => {
      const at = GUIDE.indexOf(marker);
      expect(at).toBeGreaterThan(-1);
      const lines = GUIDE.slice(at).split('\n').slice(3);
      const body = lines.slice(0, lines.findIndex((l) => !l.startsWith('|')) >>> 0);
      return body.map((l) => l.split('|').map((c) => c.trim()));
    };
    expect(table('<!-- groups:').map((c) => [c[1], c[2]])).toEqual(
      Object.entries(STUDENT_GROUPS).map(([k, label]) => [`\`${k}\``, label]),
    );
    expect(table('<!-- measures:').map((c) => [c[1], c[2], c[3]])).toEqual(
      STANDARD_MEASURES.map((m) => [`\`${m.key}\``, m.label, m.unit]),
    );
  });
});

describe('docs/mappings.md examples, imported', () => {
  let handle: DbHandle;
  let districtId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-guide-'));
  beforeAll(async () => {
    handle = await createTestDb();
    districtId = (await makeDistrict(handle.db)).id;
  });
  afterAll(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the directory, the survey and the attendance export, as a user would import them', async () => {
    const all = examples();
    const run = async (name: string) => {
      const { csv, mapping } = all.get(name)!;
      const file = path.join(dir, name);
      fs.writeFileSync(file, csv);
      return importFile(handle.db, null, { districtId, path: file, mapping });
    };
    const schools = await run('schools.csv');
    expect(schools).toMatchObject({ rowsRead: 2, rowsRejected: 0 });
    const { rows } = await sql<{ id: string; level: string; is_title_i: boolean; zip: string }>`
      select id, level, is_title_i, zip from schools where district_id = ${districtId}
        and id like '010%' order by id`.execute(handle.db);
    expect(rows).toEqual([
      { id: '0101', level: 'elementary', is_title_i: true, zip: '01101' },
      { id: '0102', level: 'middle', is_title_i: false, zip: '01103' },
    ]);

    // The measure the fourth example defines joins the catalogue with its label and unit.
    await makeSchool(handle.db, districtId, { id: '920302' });
    await makeSchool(handle.db, districtId, { id: '920303' });
    expect(await run('climate-survey.csv')).toMatchObject({ rowsWritten: 2, rowsRejected: 0 });
    const { rows: defined } = await sql<{ label: string; unit: string }>`
      select label, unit from measures
      where district_id = ${districtId} and key = 'climate_index'`.execute(handle.db);
    expect(defined).toEqual([{ label: 'School climate index', unit: 'index' }]);
    const attendance = await run('attendance.csv');
    // Five school rows of two measures each; the district row skipped.
    expect(attendance).toMatchObject({ rowsRead: 6, rowsWritten: 10, rowsSkipped: 1 });
    const { rows: values } = await sql<{ n: number }>`
      select count(*)::integer as n from measure_values
      where district_id = ${districtId} and school_id = '0101' and school_year = 2025
        and measure_key = 'attendance_rate' and student_group = 'all' and value = 94.1
        and n = 412`.execute(handle.db);
    expect(values[0]?.n).toBe(1);
  });
});
