// Loading the state's school-level files as reference data for statewide quartiles (issue #5;
// docs/decisions/007-equity-methods.md; migration 009): `tandem import --statewide FILE…`.
//
// Every file is read through the built-in NC DPI mapping that fits it (src/importers/mappings/
// nc-dpi.ts), so cells are parsed, masked and checked exactly as the district's own imports are;
// but what the rows give is kept per state school in statewide_school_figures, not as schools and
// values of the district. One load is one import batch, all or nothing — one problem in any file
// (a bad cell, a ragged row, a figure given twice) and nothing is written; the error names the
// file, row and column. The figures in force for a year are a snapshot: a load merges what its
// files give into the year's current snapshot (a field the load has no file for is kept), and
// writes a new one only when something differs, so loading the same files again writes nothing.
// Rolling the batch back deletes its rows and the previous snapshot is in force again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Insertable } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { getEquityDistrict } from '../db/queries/equity.ts';
import { insertBatch } from '../db/queries/imports.ts';
import {
  insertStatewideRows,
  listStatewideRows,
  listStatewideSnapshots,
  type StatewideRow,
} from '../db/queries/statewide.ts';
import type { StatewideSchoolFiguresTable } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { AppError, notFound } from '../domain/shared/errors.ts';
import { applyRow, bindMapping, type ImportProblem, type ValueRecord } from '../importers/apply.ts';
import type { Mapping } from '../importers/mapping.ts';
import { openTable } from '../importers/xlsx/open-table.ts';
import { assertCanImport } from './import-batches.ts';
import { finishImportBatch } from './import-finish.ts';
import { ImportRefusedError, MAX_PROBLEMS, pickMapping } from './imports.ts';

/** The state whose files this reads, and the mapping name its batches carry. */
export const STATEWIDE_STATE = 'NC';
export const STATEWIDE_MAPPING_NAME = 'nc-dpi-statewide';

/** The NC DPI mappings a statewide load reads, and what each gives. */
export const STATEWIDE_FILES = {
  'nc-dpi-rcd-location': 'rcd_location: school names (2018–)',
  'nc-dpi-profile': 'profile: school names and membership (2014–2017)',
  'nc-dpi-rcd-adm': 'rcd_adm: enrollment (2018–)',
  'nc-dpi-rcd-acc-eds': 'rcd_acc_eds: % economically disadvantaged (2018–)',
  'nc-dpi-ec-pupils': 'ec_pupils: % students of colour (2018–)',
  'nc-dpi-ec-pupils-2014': 'ec_pupils: % students of colour (2014–2017)',
  'nc-dpi-rcd-eq': 'rcd_eq: teachers, beginning and provisional teachers (2019)',
  'nc-dpi-rcd-effectiveness3': 'rcd_effectiveness3: EVAAS Needs Improvement (2019)',
  'nc-dpi-rcd-experience': 'rcd_experience: 0–3 years, turnover, teachers (2018)',
  'nc-dpi-personnel': 'personnel: 0–3 years, turnover, provisional, teachers (2014–2017)',
} as const satisfies Record<string, string>;

type Row = Insertable<StatewideSchoolFiguresTable>;
/** The figure columns: nullable numbers. */
type NumberField = Exclude<
  {
    [K in keyof Row]-?: null extends Row[K]
      ? NonNullable<Row[K]> extends number
        ? K
        : never
      : never;
  }[keyof Row],
  undefined
>;

/** Measure (as the mappings name it) → the columns it fills: a percent with its n, or a value. */
const FIELDS: Record<string, { value: NumberField; n?: NumberField; percent: boolean }> = {
  pct_econ_disadv: { value: 'poverty_pct', percent: true },
  pct_minority: { value: 'minority_pct', n: 'minority_n', percent: true },
  enrollment: { value: 'enrollment', percent: false },
  teachers_count: { value: 'teachers', percent: false },
  pct_teachers_beginning: { value: 'beginning_pct', n: 'beginning_n', percent: true },
  pct_teachers_0_3yrs: { value: 'experience_0_3_pct', n: 'experience_0_3_n', percent: true },
  pct_teachers_provisional: { value: 'provisional_pct', n: 'provisional_n', percent: true },
  pct_teachers_needs_improvement: { value: 'ineffective_pct', n: 'ineffective_n', percent: true },
  pct_teacher_turnover: { value: 'turnover_pct', n: 'turnover_n', percent: true },
  pct_principals_inexperienced: {
    value: 'inexperienced_principal_pct',
    n: 'inexperienced_principal_n',
    percent: true,
  },
};

/** Every figure column, in a fixed order (for comparing snapshots). */
const FIGURE_COLUMNS: readonly NumberField[] = [
  ...new Set(Object.values(FIELDS).flatMap((f) => (f.n ? [f.value, f.n] : [f.value]))),
  'out_of_field_pct',
  'out_of_field_n',
];

export interface StatewideFileSummary {
  fileName: string;
  mappingName: string;
  sha256: string;
  rowsRead: number;
  /** Rows that gave figures for a state school. */
  rowsUsed: number;
  /** LEA, state and other non-school rows (the mapping's filter). */
  rowsSkipped: number;
  /** The year the file's figures are for (the year most of its rows give). */
  year: number | null;
  /** Rows for other years, left out. */
  otherYears: { year: number; rows: number }[];
}

export interface StatewideLoadSummary {
  batchId: string | null;
  state: string;
  dryRun: boolean;
  files: StatewideFileSummary[];
  years: { year: number; schools: number; status: 'loaded' | 'unchanged' }[];
  rowsWritten: number;
}

export interface StatewideLoadOptions {
  districtId: string;
  paths: readonly string[];
  /** How each file is named in problems and on the batch (default: its path). */
  fileNames?: readonly string[];
  dryRun?: boolean;
  notes?: string;
  /** The batch's kind: 'demo' when the demo loader loads the committed extract (the system). */
  sourceKind?: 'csv' | 'demo';
  /** Called as each file is read (the web app's import job shows it). */
  onProgress?: (progress: StatewideProgress) => void;
}

export interface StatewideProgress {
  /** Files read so far, and the one being read (null once all are read). */
  filesRead: number;
  file: string | null;
  rowsRead: number;
}

interface Collected {
  /** year → school code → figures. */
  byYear: Map<number, Map<string, Partial<Record<NumberField, number | null>>>>;
  /** code, or year|code → the school's name. */
  names: Map<string, string>;
  /** year|code → the publisher's mask on the poverty share ('>95%'). */
  markers: Map<string, string>;
  /** year → the measures some file gave for that year. */
  provided: Map<number, Set<string>>;
  files: StatewideFileSummary[];
}

/** Loads the state's files as one batch (or, all unchanged, none). */
export async function loadStatewideFiles(
  db: Db,
  actor: Actor | null,
  options: StatewideLoadOptions,
): Promise<StatewideLoadSummary> {
  assertCanImport(actor, options.districtId);
  if (options.paths.length === 0) {
    throw new AppError('bad_request', 'Name the state’s files to load.');
  }
  const district = await getEquityDistrict(db, options.districtId);
  if (!district) throw notFound(`District ${options.districtId}`);
  if (district.state.toUpperCase() !== STATEWIDE_STATE) {
    throw new AppError(
      'bad_request',
      `Statewide files can be loaded for North Carolina (NC DPI) only; ${district.name} is in ${district.state}.`,
    );
  }
  const collected = await collect(options);
  const years = [...collected.byYear.keys()].sort((a, b) => a - b);
  if (years.length === 0) {
    throw new AppError(
      'bad_request',
      'These files give no school figures for any year (a school directory alone is not enough): ' +
        'load them with the files of shares and staffing figures.',
    );
  }
  // Inside a caller's transaction (the demo loader's), the load is part of it.
  const inTransaction = <T>(work: (trx: Db) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  return inTransaction(async (trx) => {
    const current = await listStatewideRows(trx, options.districtId, STATEWIDE_STATE, years);
    const batchId = randomUUID();
    const toWrite: Row[] = [];
    const summaryYears: StatewideLoadSummary['years'] = [];
    for (const year of years) {
      const before = current.filter((r) => r.school_year === year);
      const after = snapshotFor(options.districtId, batchId, year, collected, before);
      const isSame = canonical(before) === canonical(after);
      summaryYears.push({ year, schools: after.length, status: isSame ? 'unchanged' : 'loaded' });
      if (!isSame) toWrite.push(...after);
    }
    const summary: StatewideLoadSummary = {
      batchId: null,
      state: STATEWIDE_STATE,
      dryRun: options.dryRun === true,
      files: collected.files,
      years: summaryYears,
      rowsWritten: options.dryRun ? 0 : toWrite.length,
    };
    if (options.dryRun || toWrite.length === 0) return summary;
    const loadedYears = summaryYears.filter((y) => y.status === 'loaded').map((y) => y.year);
    const fileName =
      `${STATEWIDE_STATE} statewide reference ${loadedYears.join(', ')}: ` +
      collected.files.map((f) => path.basename(f.fileName)).join(', ');
    const fileSha256 = createHash('sha256')
      .update(collected.files.map((f) => `${f.sha256}  ${path.basename(f.fileName)}\n`).join(''))
      .digest('hex');
    await insertBatch(trx, {
      district_id: options.districtId,
      id: batchId,
      source_kind: options.sourceKind ?? 'csv',
      file_name: fileName,
      file_sha256: fileSha256,
      mapping_name: STATEWIDE_MAPPING_NAME,
      created_by: actor?.userId ?? null,
      on_problems: 'abort',
      notes:
        options.notes ??
        'The state’s school figures as reference data for statewide quartiles (not district schools).',
    });
    await insertStatewideRows(trx, toWrite);
    const sum = (f: (s: StatewideFileSummary) => number) =>
      collected.files.reduce((total, s) => total + f(s), 0);
    await finishImportBatch(
      trx,
      {
        districtId: options.districtId,
        batchId,
        fileName,
        sourceKind: options.sourceKind ?? 'csv',
        fileSha256,
        rowsRead: sum((s) => s.rowsRead),
        rowsWritten: toWrite.length,
        rowsSkipped: sum((s) => s.rowsSkipped),
        rowsRejected: 0,
      },
      { actor },
    );
    return { ...summary, batchId };
  });
}

export interface StatewideInfo {
  state: string;
  /** Whether the district's state is one whose files a statewide load reads. */
  isSupported: boolean;
  files: { mapping: string; about: string }[];
  /** The figures in force, per year: the load each comes from. */
  loaded: { year: number; schools: number; batchId: string; fileName: string; createdAt: Date }[];
}

/** What the Data imports page says about statewide reference data: what it reads, what is in. */
export async function getStatewideInfo(db: Db, actor: Actor): Promise<StatewideInfo> {
  assertCanImport(actor, actor.districtId);
  const district = await getEquityDistrict(db, actor.districtId);
  if (!district) throw notFound(`District ${actor.districtId}`);
  const state = district.state.toUpperCase();
  const snapshots = await listStatewideSnapshots(db, actor.districtId);
  return {
    state,
    isSupported: state === STATEWIDE_STATE,
    files: Object.entries(STATEWIDE_FILES).map(([mapping, about]) => ({ mapping, about })),
    loaded: snapshots
      .filter((l) => l.state === state)
      .sort((a, b) => b.schoolYear - a.schoolYear)
      .map((l) => ({
        year: l.schoolYear,
        schools: l.schools,
        batchId: l.batchId,
        fileName: l.fileName,
        createdAt: new Date(l.createdAt),
      })),
  };
}

/** Reads every file; throws ImportRefusedError with every problem found (the first 1,000). */
async function collect(options: StatewideLoadOptions): Promise<Collected> {
  const out: Collected = {
    byYear: new Map(),
    names: new Map(),
    markers: new Map(),
    provided: new Map(),
    files: [],
  };
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const report = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  /** year|code|measure → where it was given, to refuse a figure given twice. */
  const givenAt = new Map<string, { file: string; row: number; value: number | null }>();
  let rowsRead = 0;
  for (const [index, filePath] of options.paths.entries()) {
    const fileName = options.fileNames?.[index] ?? filePath;
    options.onProgress?.({ filesRead: index, file: fileName, rowsRead });
    const reader = await openTable(filePath, () => undefined, { raggedRows: 'yield' });
    try {
      const mapping = statewideMapping(reader.header, fileName);
      const bind = bindMapping(mapping, reader.header, fileName);
      if (!bind.bound) {
        bind.problems.forEach(report);
        continue;
      }
      const bound = bind.bound;
      const yearColumn = reader.header.some((h) => h.trim().toLowerCase() === 'year')
        ? 'year'
        : null;
      const file: StatewideFileSummary = {
        fileName,
        mappingName: mapping.name,
        sha256: '',
        rowsRead: 0,
        rowsUsed: 0,
        rowsSkipped: 0,
        year: null,
        otherYears: [],
      };
      const measures = new Set((mapping.measures ?? []).map((m) => m.measure));
      const fileYears = new Set<number>();
      const pending: {
        row: number;
        column: string | null;
        code: string;
        v: ValueRecord;
        field: (typeof FIELDS)[string];
        value: number | null;
      }[] = [];
      for await (const { line, cells, problem } of reader.rows) {
        file.rowsRead++;
        if (problem !== undefined) {
          report({
            file: fileName,
            row: line,
            column: null,
            value: null,
            reason: `the row ${problem}`,
          });
          continue;
        }
        // A bare LEA number in the school column (rcd_effectiveness3 2019 has '49' and '92'):
        // the mapping would pad it into a school code no school has. Not a school row.
        if ((cells[bound.column(mapping.school.column)] ?? '').trim().length <= 3) {
          file.rowsSkipped++;
          continue;
        }
        const result = applyRow(bound, cells, line);
        if (result.skipped) {
          file.rowsSkipped++;
          continue;
        }
        if (result.problems.length > 0) {
          result.problems.forEach(report);
          continue;
        }
        const code = result.schoolId;
        if (code === null) continue;
        if (result.school) out.names.set(code, result.school.name);
        let used = result.school !== null;
        for (const v of result.values) {
          const field = FIELDS[v.measureKey];
          if (!field || v.studentGroup !== 'all') continue;
          used = true;
          const spec = (mapping.measures ?? []).find((m) => m.measure === v.measureKey);
          const column = spec?.column ?? null;
          const value = figureValue(v.value, v.status, v.marker, v.measureKey);
          if (value !== null && field.percent && !(value >= 0 && value <= 100)) {
            report({
              file: fileName,
              row: line,
              column,
              value: String(value),
              reason: `is not a percent between 0 and 100 (${v.measureKey})`,
            });
            continue;
          }
          pending.push({ row: line, column, code, v, field, value });
        }
        // A directory row's year (rcd_location has the column but its mapping does not read it).
        if (result.school && yearColumn && result.values.length === 0) {
          const year = Number.parseInt(cells[bound.column(yearColumn)] ?? '', 10);
          if (Number.isInteger(year)) out.names.set(`${year}|${code}`, result.school.name);
        }
        if (used) file.rowsUsed++;
      }
      // A file is one year's (NC's are filtered to their folder's year, but 2019 ec_pupils
      // still holds 48 rows of 2016–2018 for schools since closed): rows of other years are
      // left out and counted, never made into a year of a handful of state schools.
      const perYear = new Map<number, number>();
      for (const p of pending) perYear.set(p.v.schoolYear, (perYear.get(p.v.schoolYear) ?? 0) + 1);
      const mainYear = [...perYear].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
      const otherRows = new Map<number, Set<number>>();
      for (const { row, column, code, v, field, value } of pending) {
        if (v.schoolYear !== mainYear) {
          let rows = otherRows.get(v.schoolYear);
          if (!rows) otherRows.set(v.schoolYear, (rows = new Set()));
          rows.add(row);
          continue;
        }
        const key = `${v.schoolYear}|${code}|${v.measureKey}`;
        const earlier = givenAt.get(key);
        if (earlier && (earlier.file === fileName || earlier.value !== value)) {
          report({
            file: fileName,
            row,
            column,
            value: value === null ? null : String(value),
            reason:
              `gives ${v.measureKey} for school ${code}, ${v.schoolYear} again ` +
              `(already ${earlier.value ?? 'blank'} on row ${earlier.row}` +
              `${earlier.file === fileName ? '' : ` of ${earlier.file}`})`,
          });
          continue;
        }
        givenAt.set(key, { file: fileName, row, value });
        fileYears.add(v.schoolYear);
        if (v.measureKey === 'pct_econ_disadv' && v.status === 'suppressed' && v.marker) {
          out.markers.set(`${v.schoolYear}|${code}`, v.marker);
        }
        let bySchool = out.byYear.get(v.schoolYear);
        if (!bySchool) out.byYear.set(v.schoolYear, (bySchool = new Map()));
        let figures = bySchool.get(code);
        if (!figures) bySchool.set(code, (figures = {}));
        figures[field.value] = value;
        if (field.n) figures[field.n] = value === null ? null : v.n;
      }
      file.year = mainYear ?? null;
      file.otherYears = [...otherRows]
        .sort((a, b) => a[0] - b[0])
        .map(([year, rows]) => ({ year, rows: rows.size }));
      file.rowsUsed -= file.otherYears.reduce((n, y) => n + y.rows, 0);
      // The measures this file gives count as given for every year it had rows for.
      for (const year of fileYears) {
        let set = out.provided.get(year);
        if (!set) out.provided.set(year, (set = new Set()));
        for (const m of measures) if (FIELDS[m]) set.add(m);
      }
      file.sha256 = reader.sha256();
      out.files.push(file);
      rowsRead += file.rowsRead;
    } finally {
      reader.close();
    }
  }
  options.onProgress?.({ filesRead: options.paths.length, file: null, rowsRead });
  if (problemCount > 0) {
    const first = problems[0];
    throw new ImportRefusedError(first?.file ?? 'statewide files', problems, problemCount);
  }
  return out;
}

/** The built-in mapping that fits a file, if it is one a statewide load reads. */
function statewideMapping(header: readonly string[], fileName: string): Mapping {
  const mapping = pickMapping(header, path.basename(fileName));
  if (mapping && Object.hasOwn(STATEWIDE_FILES, mapping.name)) {
    // Only the measures a statewide load keeps: ec_pupils' mapping also gives every race and
    // sex group's headcount and share, which would cost most of the load's time for nothing.
    if (!mapping.measures) return mapping;
    return {
      ...mapping,
      measures: mapping.measures.filter((m) => Object.hasOwn(FIELDS, m.measure)),
    };
  }
  const known = Object.values(STATEWIDE_FILES).join('; ');
  throw new AppError(
    'bad_request',
    `${fileName}: not a state file a statewide load reads${mapping ? ` (it fits ${mapping.name})` : ''}. ` +
      `Known: ${known}.`,
    { problems: [{ field: `${fileName}:1`, message: 'no statewide mapping fits this header' }] },
  );
}

/**
 * A figure as stored: the reported value; a share the publisher masked at a bound ('>95%',
 * '<5%') ranks at the bound; anything else suppressed or missing is null, never zero.
 */
function figureValue(
  value: number | null,
  status: string,
  marker: string | null,
  measureKey: string,
): number | null {
  if (status === 'reported') return value;
  if (measureKey !== 'pct_econ_disadv' && measureKey !== 'pct_minority') return null;
  const bound = /^[<>]\s*(\d+(?:\.\d+)?)\s*%$/.exec(marker ?? '');
  return bound?.[1] === undefined ? null : Number(bound[1]);
}

/** The year's snapshot after this load: the current one with what the load's files give. */
function snapshotFor(
  districtId: string,
  batchId: string,
  year: number,
  collected: Collected,
  before: readonly StatewideRow[],
): Row[] {
  const loaded = collected.byYear.get(year) ?? new Map();
  const provided = collected.provided.get(year) ?? new Set<string>();
  const previous = new Map(before.map((r) => [r.school_code, r]));
  const codes = [...new Set([...previous.keys(), ...loaded.keys()])].sort();
  const rows: Row[] = [];
  for (const code of codes) {
    const prior = previous.get(code);
    const figures = loaded.get(code) ?? {};
    const row: Row = {
      district_id: districtId,
      state: STATEWIDE_STATE,
      school_year: year,
      batch_id: batchId,
      school_code: code,
      name:
        collected.names.get(`${year}|${code}`) ?? collected.names.get(code) ?? prior?.name ?? null,
      lea_code: prior?.lea_code ?? code.slice(0, 3),
      poverty_marker: null,
    };
    for (const column of FIGURE_COLUMNS) row[column] = prior?.[column] ?? null;
    for (const [measure, field] of Object.entries(FIELDS)) {
      if (!provided.has(measure)) continue;
      row[field.value] = figures[field.value] ?? null;
      if (field.n) row[field.n] = figures[field.n] ?? null;
    }
    row.poverty_marker = provided.has('pct_econ_disadv')
      ? (collected.markers.get(`${year}|${code}`) ?? null)
      : (prior?.poverty_marker ?? null);
    if (FIGURE_COLUMNS.every((c) => row[c] === null || row[c] === undefined)) continue;
    rows.push(row);
  }
  return rows;
}

/** A snapshot's content, batch aside, for telling whether a load changes anything. */
function canonical(rows: readonly (Row | StatewideRow)[]): string {
  return JSON.stringify(
    [...rows]
      .sort((a, b) => (a.school_code < b.school_code ? -1 : a.school_code > b.school_code ? 1 : 0))
      .map((r) => [
        r.school_code,
        r.name ?? null,
        r.lea_code ?? null,
        r.poverty_marker ?? null,
        ...FIGURE_COLUMNS.map((c) => r[c] ?? null),
      ]),
  );
}
