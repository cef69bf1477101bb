// The demo district: Wake County Schools (NC LEA 920), built from the committed extract of NC
// DPI's report-card files (data/demo/nc-wake, README there) entirely through the import path:
// every file goes through the mapping pickMapping chooses for it, as a batch of its own, the
// same way a district's own files would (issue #2 "The demo district").
//
// With the district, the state's whole 2019 files (data/demo/nc-state) are loaded as the demo's
// statewide reference data through the same statewide load a user runs (statewide-import.ts),
// so that the equity page on the demo shows the statewide quartiles (issue #5).
//
// The whole load is one transaction: a crash part-way leaves no half-loaded district behind,
// so "the district exists" is a sound test for "the demo is loaded".
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import type { Db } from '../db/connection.ts';
import {
  countImportedRows,
  getDistrictById,
  insertDistrict,
  insertMissingMeasures,
} from '../db/queries/imports.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';
import { openCsv } from '../importers/csv.ts';
import type { Mapping } from '../importers/mapping.ts';
import { importInto, measureRow, pickMapping, type ImportSummary } from './imports.ts';
import { loadStatewideFiles, type StatewideLoadSummary } from './statewide-import.ts';

export const DEMO_DISTRICT = {
  id: 'nc-920',
  name: 'Wake County Schools',
  state: 'NC',
  lea_code: '920',
  nces_id: null,
  is_demo: true,
} as const;

/** The committed extract, found from this file so that the working directory does not matter. */
export const DEMO_DATA_ROOT = projectPath('data', 'demo', 'nc-wake');

/** The state's whole files, loaded as the demo's statewide reference data (README there). */
export const DEMO_STATE_DATA_ROOT = projectPath('data', 'demo', 'nc-state');

const SOURCE = 'NC DPI School Report Card research files (data/demo/nc-wake)';

export interface DemoProgress {
  step: string;
  done: number;
  total: number;
}

export interface DemoFile {
  /** Relative to the data root, e.g. '2019/rcd_acc_spg2.csv'. */
  file: string;
  path: string;
  mapping: Mapping;
}

export interface DemoSummary {
  loaded: boolean;
  districtId: string;
  imports: ImportSummary[];
  /** Extract files no mapping takes (see the report in data/demo/nc-wake and nc-dpi.ts). */
  unmappedFiles: string[];
  /** The statewide reference load (null when the demo was already loaded or it was left out). */
  statewide: StatewideLoadSummary | null;
  schools: number;
  measureValues: number;
  elapsedMs: number;
}

/**
 * Which mapping takes each file of the extract: schools first (directory files carry the
 * schools every measure row refers to), then measures; each in year order, so that a school's
 * latest directory entry is the one that stays.
 */
export async function planDemoFiles(
  dataRoot: string,
): Promise<{ files: DemoFile[]; unmapped: string[] }> {
  const years = (await fs.readdir(dataRoot)).filter((d) => /^\d{4}$/.test(d)).sort();
  const files: DemoFile[] = [];
  const unmapped: string[] = [];
  for (const year of years) {
    const names = (await fs.readdir(path.join(dataRoot, year))).filter((f) =>
      /\.csv(\.gz)?$/.test(f),
    );
    for (const name of names.sort()) {
      const file = `${year}/${name}`;
      const full = path.join(dataRoot, year, name);
      const reader = await openCsv(full, () => undefined);
      reader.close();
      const mapping = pickMapping(reader.header, file);
      if (mapping) files.push({ file, path: full, mapping });
      else unmapped.push(file);
    }
  }
  const rank = (f: DemoFile) => (f.mapping.kind === 'schools' ? 0 : 1);
  files.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
  return { files, unmapped };
}

export async function loadDemoDistrict(
  db: Db,
  options: {
    dataRoot?: string;
    /** The statewide files' root; null leaves them out. */
    stateDataRoot?: string | null;
    onProgress?: (progress: DemoProgress) => void;
  } = {},
): Promise<DemoSummary> {
  const started = Date.now();
  const districtId = DEMO_DISTRICT.id;
  const empty = {
    districtId,
    imports: [],
    unmappedFiles: [],
    statewide: null,
    schools: 0,
    measureValues: 0,
  };
  if (await getDistrictById(db, districtId)) {
    return { ...empty, loaded: false, elapsedMs: Date.now() - started };
  }
  const dataRoot = options.dataRoot ?? DEMO_DATA_ROOT;
  const { files, unmapped } = await planDemoFiles(dataRoot);
  const stateRoot =
    options.stateDataRoot === undefined ? DEMO_STATE_DATA_ROOT : options.stateDataRoot;
  const stateFiles = stateRoot === null ? [] : await planStateFiles(stateRoot);
  const total = files.length + (stateFiles.length > 0 ? 1 : 0);
  const { imports, statewide } = await db.transaction().execute(async (trx) => {
    await insertDistrict(trx, DEMO_DISTRICT);
    await insertMissingMeasures(
      trx,
      STANDARD_MEASURES.map((d) => measureRow(districtId, d, SOURCE)),
    );
    const done: ImportSummary[] = [];
    for (const [i, f] of files.entries()) {
      options.onProgress?.({ step: `Loading the demo district: ${f.file}`, done: i, total });
      const summary = await importInto(
        trx,
        {
          districtId,
          path: f.path,
          fileName: `nc-wake/${f.file}`,
          mapping: f.mapping,
          // Codes such as 920999 ("District Level Data") or closed schools' rows appear in
          // measure files without a directory entry: they are not schools of the demo.
          unknownSchools: 'skip',
          createdBy: null,
          notes: 'Loaded by the demo loader (the system, not a user).',
        },
        'demo',
      );
      done.push(summary);
    }
    if (stateFiles.length === 0) return { imports: done, statewide: null };
    options.onProgress?.({
      step: 'Loading the demo district: statewide reference data (nc-state)',
      done: files.length,
      total,
    });
    // As the system (no user), like the district's files; in this transaction.
    const statewide = await loadStatewideFiles(trx, null, {
      districtId,
      paths: stateFiles.map((f) => f.path),
      fileNames: stateFiles.map((f) => `nc-state/${f.file}`),
      sourceKind: 'demo',
      notes:
        'Loaded by the demo loader (the system, not a user): the state’s 2019 school files as ' +
        'statewide reference data for the equity report.',
    });
    return { imports: done, statewide };
  });
  options.onProgress?.({ step: 'Loading the demo district: done', done: total, total });
  const counts = await countImportedRows(db, districtId);
  return {
    loaded: true,
    districtId,
    imports,
    unmappedFiles: unmapped,
    statewide,
    schools: counts.schools,
    measureValues: counts.measureValues,
    elapsedMs: Date.now() - started,
  };
}

/** The statewide extract's files, year by year ('2019/rcd_eq.csv.gz'); none without the folder. */
export async function planStateFiles(stateRoot: string): Promise<{ file: string; path: string }[]> {
  const entries = await fs.readdir(stateRoot).catch(() => [] as string[]);
  const files: { file: string; path: string }[] = [];
  for (const year of entries.filter((d) => /^\d{4}$/.test(d)).sort()) {
    const names = (await fs.readdir(path.join(stateRoot, year))).filter((f) =>
      /\.csv(\.gz)?$/.test(f),
    );
    for (const name of names.sort()) {
      files.push({ file: `${year}/${name}`, path: path.join(stateRoot, year, name) });
    }
  }
  return files;
}
