/**
 * Builds the committed demo-district extract for Wake County Schools (NC LEA 920) from the
 * NC DPI School Report Card research files in the shared data folder, and writes its
 * manifest.json and README.md.
 *
 *   node --import tsx scripts/extract-demo.ts
 *
 * Source: $TANDEM_SHARED_DATA/nc-dpi-src/<year>/ (default ../shared/data beside the repo).
 * Output: data/demo/nc-wake/ — replaced whole on every run, and byte-identical across runs —
 * and data/demo/nc-state/: the whole-state files the demo loads as statewide reference data for
 * the equity report's statewide quartiles (issue #5), byte-for-byte and gzipped.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import * as prettier from 'prettier';

// ---------------------------------------------------------------------------------------------
// What to extract
// ---------------------------------------------------------------------------------------------

const LEA_PREFIX = '920';
const LEA_ROW_CODE = '920LEA';
// Every NC DPI file that has statewide rows marks them NC-SEA (checked 2014–2019). `NATION`
// rows also exist (SAT/location) but are left out: nationwide figures are not asked for and the
// school-indicators file repeats them on every row anyway.
const STATE_ROW_CODES: ReadonlySet<string> = new Set(['NC-SEA']);
// 2018–2019 files key rows by `agency_code`, 2014–2017 files by `unit_code`.
const CODE_COLUMNS = ['agency_code', 'unit_code'] as const;
// Decimal megabytes: the stricter reading of "3 MB", so either reading is satisfied.
const MAX_TOTAL_BYTES = 3_000_000;

const OLD_YEARS = [2014, 2015, 2016, 2017] as const;
const RCD_YEARS = [2018, 2019] as const;
const ALL_YEARS = [...OLD_YEARS, ...RCD_YEARS] as const;

interface FileSpec {
  readonly base: string;
  readonly years: readonly number[];
  /** One line for the README: what the columns hold. */
  readonly about: string;
  /** Keep only rows whose `year` is one of these: rcd_prin_demo carries 2006–2018 history. */
  readonly keepYears?: readonly number[];
  /** Copy every row: lookup tables with no school code column. */
  readonly wholeFile?: boolean;
}

const FILE_SPECS: readonly FileSpec[] = [
  {
    base: 'profile',
    years: OLD_YEARS,
    about:
      'School directory: address, phone, URL, grade range, school type, calendar, Title I, ESEA status, membership (`student_num`) with LEA/state averages.',
  },
  {
    base: 'spg',
    years: OLD_YEARS,
    about:
      'School Performance Grade (letter and score), reading/math SPG, EVAAS growth status and score, achievement component scores (EOG/EOC, ACT, WorkKeys, math rigor, graduation).',
  },
  {
    base: 'personnel',
    years: OLD_YEARS,
    about:
      'Staffing: teacher count, % fully licensed, experience bands (0–3/4–10/11+ yrs), NBPTS count, % advanced degree, teacher turnover, % lateral entry, % highly qualified; principal mix; `lea_`/`st_` comparison columns.',
  },
  {
    base: 'funding',
    years: OLD_YEARS,
    about:
      'Per-pupil expenditure (total and federal/state/local) and share by object (salaries, benefits, services, supplies, equipment); `lea_`/`st_` comparison columns.',
  },
  {
    base: 'yoe',
    years: OLD_YEARS,
    about:
      'Years of experience, long format: % of teachers per `Experience` band, with LEA and state teacher/principal percentages.',
  },
  {
    base: 'school-indicators',
    years: OLD_YEARS,
    about:
      'SAT average and participation, ESEA attendance target, AP participation and % scoring 3+, IB participation and % scoring 4+; LEA/state/national columns.',
  },
  {
    base: 'environment',
    years: OLD_YEARS,
    about:
      'Attendance rate; crimes, short/long suspensions and expulsions per 100 students; devices, media collection, books per student, wireless access points; LEA/state columns.',
  },
  {
    base: 'ec_pupils',
    years: ALL_YEARS,
    about: 'Student headcount by race/ethnicity × sex, with total (one row per school).',
  },
  {
    base: 'rcd_location',
    years: RCD_YEARS,
    about:
      'School directory: name, address, phone, grade span, grade-span category, school type, calendar, URL, Title I, ESEA, STEM flags.',
  },
  {
    base: 'rcd_adm',
    years: RCD_YEARS,
    about:
      'Average daily membership (`avg_student_num`); LEA/state rows give the total (blank category) and the average school size per category.',
  },
  {
    base: 'rcd_acc_eds',
    years: RCD_YEARS,
    about: '% of students economically disadvantaged (accountability rules), with masking code.',
  },
  {
    base: 'rcd_acc_spg2',
    years: RCD_YEARS,
    about:
      'SPG by subgroup: component scores (reading/math, science, ACT/WorkKeys, graduation, math rigor, EL progress), achievement, EVAAS growth status/score, SPG score and grade, math and reading SPG.',
  },
  {
    base: 'rcd_acc_cgr',
    years: RCD_YEARS,
    about:
      'Cohort graduation rate by subgroup: 4-year (`STD`) and 5-year (`EXT`) denominator and %.',
  },
  {
    base: 'rcd_acc_eg',
    years: RCD_YEARS,
    about: 'EVAAS growth status, index and score by subject (ALL/MA/RD) and subgroup.',
  },
  {
    base: 'rcd_acc_elp',
    years: RCD_YEARS,
    about:
      'English learner progress: denominator and % of ELs meeting their progress target, by subgroup.',
  },
  {
    base: 'rcd_experience',
    years: RCD_YEARS,
    about:
      'Teachers and principals (`staff`): fraction with 0–3, 4–10, 10+ years experience, fraction with advanced degree, turnover; classroom teacher counts.',
  },
  {
    base: 'rcd_licenses',
    years: RCD_YEARS,
    about: 'Fraction of teachers fully licensed and fraction lateral entry.',
  },
  {
    base: 'rcd_effectiveness',
    years: [2018],
    about:
      'Educator evaluation ratings, long format: fraction of educators at each rating (Not Demonstrated … Distinguished) per standard `ee_standard` (T1–T5 teacher, P1–P7 principal), with count evaluated.',
  },
  {
    base: 'rcd_effectiveness3',
    years: [2019],
    about:
      'Teacher EVAAS effectiveness: count and fraction Needs Improvement (`ni`), Effective (`eff`), Highly Effective (`he`).',
  },
  {
    base: 'rcd_eq',
    years: [2019],
    about:
      'Educator qualifications by school poverty (HIGH/LOW/NEITHER): teachers, beginning and provisionally licensed teachers (count, fraction), principals and inexperienced principals.',
  },
  {
    base: 'rcd_funds2',
    years: [2019],
    about:
      'School-level spending by object (salaries … TOTAL): state/federal/local/total dollars and per-pupil (`*_ppe`), with ADM.',
  },
  {
    base: 'rcd_chronic_absent',
    years: RCD_YEARS,
    about:
      'Chronic absence by subgroup: count, denominator, fraction (raw and masked), masking code.',
  },
  {
    base: 'rcd_acc_lowperf',
    years: RCD_YEARS,
    about:
      'Low-performing flags: low-performing school, recurring LP, continually LP charter; LEA row: LP count, % and LP-district flag.',
  },
  {
    base: 'rcd_acc_essa_desig',
    years: RCD_YEARS,
    about:
      'ESSA designations (Y/N): CSI low-performing, CSI low graduation, TSI consistently underperforming, TSI additional targeted support.',
  },
  {
    base: 'rcd_ap',
    years: RCD_YEARS,
    about: 'AP exams: fraction of scores 3+ and participation rate.',
  },
  {
    base: 'rcd_courses2',
    years: RCD_YEARS,
    about: 'AP, IB and Career & College Promise (CCP) course enrolment: totals and % by subgroup.',
  },
  {
    base: 'rcd_ib',
    years: RCD_YEARS,
    about: 'IB exams: fraction of scores 4+ and participation rate.',
  },
  {
    base: 'rcd_nbpts',
    years: RCD_YEARS,
    about: 'National Board certified teachers: school count (`nbpts_num`) and statewide total.',
  },
  {
    base: 'rcd_prin_demo',
    years: RCD_YEARS,
    keepYears: [2018, 2019],
    about:
      'Principal demographics (fraction by race and sex); LEA and state rows only, no school rows.',
  },
  {
    base: 'ratio',
    years: RCD_YEARS,
    about:
      'Average daily attendance / membership (ADA, ADM, ratio) for 2017, 2018, 2019, 3-year ratio and statewide rank.',
  },
  {
    base: 'rcd_code_desc',
    years: [2018],
    wholeFile: true,
    about:
      'Code sets used by the rcd_* files (grade-span category, subgroup, masking, ee_standard, …). Copied whole.',
  },
];

// Dropped first-to-last only if the extract exceeds MAX_TOTAL_BYTES: duplicates and the
// bulkiest long-format tables go before anything the demo's core views read.
const DROP_ORDER: readonly string[] = [
  '2019/ratio.csv', // byte-identical to 2018/ratio.csv upstream
  '2018/rcd_effectiveness.csv',
  '2019/rcd_funds2.csv',
  '2018/rcd_chronic_absent.csv',
  '2019/rcd_chronic_absent.csv',
];

const SOURCE_REPOSITORY = {
  repository: 'jakemdrew/EducationDataNC',
  commit: '0a088b2',
  paths: {
    '2014-2017': '<year>/Raw Datasets/*.csv',
    '2018-2019': '<year>/Raw Datasets/SRC_Datasets/*.csv',
  },
  publisher:
    'North Carolina Department of Public Instruction (NC DPI), School Report Card research files',
  citation:
    'Drew J., Belk Endowment Educational Attainment Data Repository for NC Public Schools (2018). https://github.com/jakemdrew/EducationDataNC',
} as const;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Thrown for expected failures: main() prints the message alone, without a stack. */
class ExtractError extends Error {}

interface Paths {
  readonly repoRoot: string;
  readonly sharedRoot: string;
  readonly sourceRoot: string;
  readonly outDir: string;
  readonly stagingDir: string;
}

/** `lookup`: a row of a whole-file copy, which has no school code. */
type RowKind = 'school' | 'lea' | 'state' | 'lookup';

interface RowTally {
  codeColumn: string | null;
  sourceRows: number;
  rows: number;
  leaRows: number;
  stateRows: number;
  readonly schoolCodes: Set<string>;
}

interface ExtractedFile {
  readonly year: number;
  readonly base: string;
  /** Relative to the output directory, always uncompressed: `2018/rcd_adm.csv`. */
  readonly path: string;
  /** Relative to the shared data root: `nc-dpi-src/2018/rcd_acc_spg2.csv.gz`. */
  readonly source: string;
  readonly sourceSha256: string;
  readonly tally: RowTally;
  readonly bytes: number;
  readonly sha256: string;
}

interface Skipped {
  readonly year: number;
  readonly base: string;
}

interface SchoolCount {
  readonly year: number;
  readonly directoryFile: string;
  readonly schools: number;
  /** 920xxx codes seen in that year's other files but absent from the directory file. */
  readonly otherCodes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Paths and source checks
// ---------------------------------------------------------------------------------------------

function resolvePaths(): Paths {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const sharedRoot = path.resolve(
    process.env.TANDEM_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  );
  const outDir = path.join(repoRoot, 'data/demo/nc-wake');
  return {
    repoRoot,
    sharedRoot,
    sourceRoot: path.join(sharedRoot, 'nc-dpi-src'),
    outDir,
    stagingDir: path.join(repoRoot, 'data/demo/.nc-wake.staging'),
  };
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** A missing year folder means a broken snapshot, not a file NC DPI didn't publish: fail. */
async function assertSourceLayout(paths: Paths): Promise<void> {
  if (!(await isDirectory(paths.sourceRoot))) {
    throw new ExtractError(
      `source directory not found: ${paths.sourceRoot} (set TANDEM_SHARED_DATA to the folder that holds nc-dpi-src/)`,
    );
  }
  for (const year of ALL_YEARS) {
    const dir = path.join(paths.sourceRoot, String(year));
    if (!(await isDirectory(dir)))
      throw new ExtractError(`source year directory not found: ${dir}`);
  }
}

/** The shared snapshot gzips files over 1 MB, so a table may be `.csv` or `.csv.gz`. */
async function findSource(paths: Paths, year: number, base: string): Promise<string | null> {
  for (const name of [`${base}.csv`, `${base}.csv.gz`]) {
    const file = path.join(paths.sourceRoot, String(year), name);
    if (await isFile(file)) return file;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Row filtering
// ---------------------------------------------------------------------------------------------

function classifyCode(code: string): RowKind | null {
  if (code === LEA_ROW_CODE) return 'lea';
  if (STATE_ROW_CODES.has(code)) return 'state';
  if (code.startsWith(LEA_PREFIX)) return 'school';
  return null;
}

function asRow(value: unknown, label: string): string[] {
  if (Array.isArray(value) && value.every((cell): cell is string => typeof cell === 'string'))
    return value;
  throw new ExtractError(`${label}: parser returned a non-text record`);
}

function columnIndex(header: readonly string[], names: readonly string[], label: string): number {
  const index = header.findIndex((name) => names.includes(name));
  if (index < 0)
    throw new ExtractError(`${label}: header has none of the columns ${names.join(', ')}`);
  return index;
}

/** Decides from the header which rows to keep; returns the row's kind, or null to drop it. */
function buildClassifier(
  header: readonly string[],
  spec: FileSpec,
  label: string,
  tally: RowTally,
): (row: readonly string[]) => RowKind | null {
  if (spec.wholeFile) return () => 'lookup';
  const codeIndex = columnIndex(header, CODE_COLUMNS, label);
  tally.codeColumn = header[codeIndex] ?? null;
  const keepYears = spec.keepYears ? new Set(spec.keepYears) : null;
  const yearIndex = keepYears ? columnIndex(header, ['year'], label) : -1;
  return (row) => {
    const kind = classifyCode(row[codeIndex] ?? '');
    // Number() because some files write years as "2018.0".
    if (kind && keepYears && !keepYears.has(Number(row[yearIndex]))) return null;
    return kind;
  };
}

function countRow(tally: RowTally, kind: RowKind, code: string): void {
  tally.rows += 1;
  if (kind === 'lea') tally.leaRows += 1;
  else if (kind === 'state') tally.stateRows += 1;
  else if (/^\d{6}$/.test(code)) tally.schoolCodes.add(code);
}

/** Stream stage: passes the header through, then only Wake (and LEA/state) rows, untouched. */
function wakeRowFilter(spec: FileSpec, label: string, tally: RowTally) {
  return async function* (records: AsyncIterable<unknown>): AsyncGenerator<string[]> {
    let classify: ((row: readonly string[]) => RowKind | null) | null = null;
    let codeIndex = -1;
    for await (const record of records) {
      const row = asRow(record, label);
      if (!classify) {
        classify = buildClassifier(row, spec, label, tally);
        codeIndex = tally.codeColumn ? row.indexOf(tally.codeColumn) : -1;
        yield row;
        continue;
      }
      tally.sourceRows += 1;
      const kind = classify(row);
      if (!kind) continue;
      countRow(tally, kind, row[codeIndex] ?? '');
      yield row;
    }
    if (!classify) throw new ExtractError(`${label}: file is empty (no header row)`);
  };
}

// ---------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------

async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function extractFile(
  paths: Paths,
  spec: FileSpec,
  year: number,
  source: string,
): Promise<ExtractedFile> {
  const relPath = `${year}/${spec.base}.csv`;
  const sourceLabel = path.relative(paths.sharedRoot, source).split(path.sep).join('/');
  const target = path.join(paths.stagingDir, relPath);
  await mkdir(path.dirname(target), { recursive: true });
  const tally: RowTally = {
    codeColumn: null,
    sourceRows: 0,
    rows: 0,
    leaRows: 0,
    stateRows: 0,
    schoolCodes: new Set(),
  };
  const decompress: Transform = source.endsWith('.gz') ? createGunzip() : new PassThrough();
  try {
    await pipeline(
      createReadStream(source),
      decompress,
      // Records as arrays, header handled by wakeRowFilter: `columns: true` would silently merge
      // duplicate header names (ratio.csv has `ada_adm_ratio_2018` twice) and lose a column.
      parse({ bom: true, skip_empty_lines: true }),
      wakeRowFilter(spec, sourceLabel, tally),
      // Cells are written as the text that was read, so numbers keep their published form.
      stringify(),
      createWriteStream(target),
    );
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError(`${sourceLabel}: ${errorMessage(error)}`);
  }
  return {
    year,
    base: spec.base,
    path: relPath,
    source: sourceLabel,
    sourceSha256: await sha256File(source),
    tally,
    bytes: (await stat(target)).size,
    sha256: await sha256File(target),
  };
}

function summaryLine(file: ExtractedFile): string {
  const t = file.tally;
  const kinds = t.codeColumn
    ? `${t.rows - t.leaRows - t.stateRows} school, ${t.leaRows} LEA, ${t.stateRows} state`
    : 'whole file';
  return `${file.path.padEnd(32)} ${String(t.rows).padStart(6)} rows (${kinds}) of ${t.sourceRows} source rows, ${file.bytes} bytes`;
}

async function extractAll(paths: Paths): Promise<{ files: ExtractedFile[]; skipped: Skipped[] }> {
  const files: ExtractedFile[] = [];
  const skipped: Skipped[] = [];
  for (const year of ALL_YEARS) {
    for (const spec of FILE_SPECS.filter((s) => s.years.includes(year))) {
      const source = await findSource(paths, year, spec.base);
      if (!source) {
        skipped.push({ year, base: spec.base });
        console.log(
          `${`${year}/${spec.base}.csv`.padEnd(32)} skipped: not in the source for ${year}`,
        );
        continue;
      }
      const file = await extractFile(paths, spec, year, source);
      files.push(file);
      console.log(summaryLine(file));
    }
  }
  return { files, skipped };
}

// ---------------------------------------------------------------------------------------------
// School counts, manifest, README
// ---------------------------------------------------------------------------------------------

function directoryBase(year: number): string {
  return year >= 2018 ? 'rcd_location' : 'profile';
}

function countSchools(files: readonly ExtractedFile[]): SchoolCount[] {
  return ALL_YEARS.map((year) => {
    const ofYear = files.filter((f) => f.year === year);
    const directory = ofYear.find((f) => f.base === directoryBase(year));
    const listed = directory?.tally.schoolCodes ?? new Set<string>();
    const seen = new Set(ofYear.flatMap((f) => [...f.tally.schoolCodes]));
    return {
      year,
      directoryFile: `${year}/${directoryBase(year)}.csv`,
      schools: listed.size,
      otherCodes: [...seen].filter((code) => !listed.has(code)).sort(),
    };
  });
}

function sumBytes(files: readonly ExtractedFile[]): number {
  return files.reduce((sum, f) => sum + f.bytes, 0);
}

function renderManifest(
  files: readonly ExtractedFile[],
  skipped: readonly Skipped[],
  dropped: readonly string[],
  schools: readonly SchoolCount[],
): string {
  const manifest = {
    name: 'nc-wake',
    description:
      'Wake County Schools (NC LEA 920): NC DPI School Report Card research files, 2014–2019',
    generatedBy: 'node --import tsx scripts/extract-demo.ts',
    source: SOURCE_REPOSITORY,
    filter: {
      codeColumns: CODE_COLUMNS,
      schoolCodePrefix: LEA_PREFIX,
      leaRowCode: LEA_ROW_CODE,
      stateRowCodes: [...STATE_ROW_CODES],
      note: 'Rows whose code starts with 920 (schools and 920LEA) plus NC-SEA state rows; rcd_prin_demo also limited to year 2018/2019; rcd_code_desc copied whole.',
    },
    maxTotalBytes: MAX_TOTAL_BYTES,
    csvBytes: sumBytes(files),
    schoolsPerYear: schools,
    skipped: skipped.map((s) => `${s.year}/${s.base}.csv`),
    dropped,
    files: files.map((f) => ({
      path: f.path,
      source: f.source,
      sourceSha256: f.sourceSha256,
      sourceRows: f.tally.sourceRows,
      codeColumn: f.tally.codeColumn,
      rows: f.tally.rows,
      leaRows: f.tally.leaRows,
      stateRows: f.tally.stateRows,
      bytes: f.bytes,
      sha256: f.sha256,
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function yearRange(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  return first === last ? String(first) : `${first}–${last}`;
}

function fileTable(files: readonly ExtractedFile[]): string[] {
  const lines = [
    '| file | years | data rows per year | what the columns hold |',
    '|---|---|---|---|',
  ];
  for (const spec of FILE_SPECS) {
    const ofSpec = files.filter((f) => f.base === spec.base);
    if (ofSpec.length === 0) continue;
    const years = ofSpec.map((f) => f.year);
    const rows = ofSpec.map((f) => `${f.year}: ${f.tally.rows}`).join(' · ');
    lines.push(`| \`${spec.base}.csv\` | ${yearRange(years)} | ${rows} | ${spec.about} |`);
  }
  return lines;
}

function comparisonTable(files: readonly ExtractedFile[]): string[] {
  const lines = ['| file | 920LEA rows | NC-SEA rows |', '|---|---|---|'];
  for (const f of files.filter((x) => x.tally.leaRows + x.tally.stateRows > 0)) {
    lines.push(`| \`${f.path}\` | ${f.tally.leaRows} | ${f.tally.stateRows} |`);
  }
  return lines;
}

function schoolTable(schools: readonly SchoolCount[]): string[] {
  const lines = [
    '| year | schools (directory file) | other 920xxx codes in that year’s files |',
    '|---|---|---|',
  ];
  for (const s of schools) {
    const other = s.otherCodes.length ? s.otherCodes.map((c) => `\`${c}\``).join(', ') : '—';
    lines.push(`| ${s.year} | ${s.schools} (\`${s.directoryFile}\`) | ${other} |`);
  }
  return lines;
}

function renderReadme(
  files: readonly ExtractedFile[],
  skipped: readonly Skipped[],
  dropped: readonly string[],
  schools: readonly SchoolCount[],
): string {
  const skippedText = skipped.map((s) => `\`${s.year}/${s.base}.csv\``).join(', ') || 'none';
  const droppedText = dropped.map((p) => `\`${p}\``).join(', ') || 'none';
  return [
    '# Demo district: Wake County Schools (NC LEA 920), 2014–2019',
    '',
    '<!-- Generated by scripts/extract-demo.ts. Edit the script, not this file. -->',
    '',
    'Real, public, school-level data for Tandem’s demo district: the rows for **Wake County Schools**',
    '(North Carolina LEA code `920`) taken from the **NC Department of Public Instruction School Report',
    'Card research files** for 2014 through 2019. Nobody on this project wrote or edited the values.',
    '',
    '## Provenance',
    '',
    `- Publisher: ${SOURCE_REPOSITORY.publisher}.`,
    `- Copied from the public repository \`${SOURCE_REPOSITORY.repository}\` @${SOURCE_REPOSITORY.commit}:`,
    '  `<year>/Raw Datasets/SRC_Datasets/*.csv` for 2018–2019 and `<year>/Raw Datasets/*.csv` for 2014–2017,',
    '  byte-for-byte, into the project’s shared data folder (`../shared/data/nc-dpi-src/`).',
    '- Citation requested by the repository: Drew J., *Belk Endowment Educational Attainment Data Repository',
    '  for NC Public Schools* (2018).',
    '- No licence file in that repository; it calls itself “an open source repository”. The data is NC DPI',
    '  public data.',
    '- `manifest.json` records, for every file here, its source file and that file’s sha256, the row counts,',
    '  byte size and sha256 of the extract.',
    '',
    '## Filter applied',
    '',
    '- Kept rows whose school code (`agency_code` in 2018–2019, `unit_code` in 2014–2017) starts with `920`:',
    '  Wake schools (`920302` …) and the district row `920LEA`.',
    '- Also kept the statewide rows (`NC-SEA`) where a file has them, for state comparison figures.',
    '  `NATION` rows (SAT, location) are not kept.',
    '- `rcd_prin_demo` holds 2006–2018 history: only rows for year 2018 or 2019 are kept (there are none',
    '  for 2019).',
    '- `2018/rcd_code_desc.csv` (the code sets) is copied whole.',
    '- Header, column order and every cell’s text are as published (numbers are not reformatted; only CSV',
    '  quoting is normalised). Source `.csv.gz` files are written uncompressed.',
    '- Charter schools located in Wake County (codes like `92E000`) are not part of LEA 920 and are **not**',
    '  included.',
    `- Files in the list but not published for that year: ${skippedText}.`,
    `- Files dropped to stay under ${MAX_TOTAL_BYTES.toLocaleString('en-US')} bytes: ${droppedText}.`,
    '',
    '## Regenerate',
    '',
    '```sh',
    'node --import tsx scripts/extract-demo.ts   # reads ../shared/data (or $TANDEM_SHARED_DATA)',
    'npx vitest run scripts/extract-demo.test.ts  # checks the extract against manifest.json',
    '```',
    '',
    'The output is deterministic: a re-run on the same source gives byte-identical files.',
    '',
    '## Files',
    '',
    `${files.length} CSV files, ${sumBytes(files).toLocaleString('en-US')} bytes. Scales differ: the \`rcd_acc_*\``,
    'files give percentages (0–100), most other files fractions (0–1), and SPG/EVAAS files scores. Masking',
    'codes are decoded in `2018/rcd_code_desc.csv`; column definitions are in',
    '`../shared/data/nc-dpi-src/docs/` (`data-dictionary_2019.xlsx` covers the `rcd_*` tables).',
    '',
    ...fileTable(files),
    '',
    '### Files with district (920LEA) and state (NC-SEA) rows',
    '',
    'These rows carry the district and state comparison figures. Most files give one LEA/state row per',
    'grade-span category (`category_cd` / `category_code`: E, M, H, I, T, A), some one per subgroup or',
    'rating. **No 2019 file has LEA or state rows**: 2019 district figures must be computed from the school',
    'rows, and 2019 state figures are not in this extract. The whole-state 2019 files the equity report’s',
    'statewide quartiles read are in `../nc-state` (README there).',
    '',
    ...comparisonTable(files),
    '',
    '## Schools per year',
    '',
    'Distinct six-digit `920xxx` codes in that year’s directory file, and codes that appear only in other',
    'files of the same year (see the notes below for what they are).',
    '',
    ...schoolTable(schools),
    '',
    '## Data notes',
    '',
    '- **Code column renamed, format unchanged.** 2014–2017 files use `unit_code`, 2018–2019 `agency_code`;',
    '  both are the 6-character LEA (3) + school (3) code, e.g. `920302` River Bend Elementary.',
    '- **`920999`** in `ratio.csv` is “District Level Data” — the Wake total, in school-code form.',
    '  **`920000`** (`2018/rcd_effectiveness.csv`), **`920001`** (`rcd_courses2.csv`, all cells empty)',
    '  and **`920124`** (`2019/rcd_eq.csv`) are not schools in the directory files.',
    '- **`ratio.csv` is the same file in 2018 and 2019** (it covers 2017–2019). Its header names',
    '  `ada_adm_ratio_2018` twice (the first is the 2017 ratio); counts carry thousands separators',
    '  (`"149,597"`) and the rank has padding spaces. It already lists the four schools that opened in',
    '  2019 (`920315`, `920349`, `920351`, `920561`, with `N/A` for earlier years), hence their codes in 2018.',
    '- **`2016/spg.csv` has two pairs of headers swapped**: under `Reading SPG Grade,Reading SPG Score`',
    '  (and the Math pair) the values are score then grade. 2017 renamed the columns to match the values.',
    '- **`2018/ec_pupils.csv` carries earlier years’ rows** for closed schools: `920700`–`920703` (East',
    '  Wake academies) appear with `year` 2015. Check the `year` column.',
    '- Abbotts Creek Elementary (`920303`) is missing from `profile.csv` and `yoe.csv` in 2016 and 2017 (and',
    '  from `school-indicators.csv` and `environment.csv` in 2016) but is in that year’s other files.',
    '- Numbers are as published: `2018.0` years and `209.0` counts in `2018/rcd_chronic_absent.csv`, binary',
    '  float artefacts such as `0.013999999999999999`, zip codes like `27518.0`.',
    '- `2019/rcd_location.csv` has both `stree_addr2` (a one-letter fragment) and `street_addr2` (the suite).',
    '',
    '## Staff',
    '',
    'These files are school-level aggregates only. Person-level staff (teachers, principals) in the demo are',
    '**synthetic**: generated separately by the project, calibrated to these aggregates, and labelled as',
    'synthetic. No real person-level record is here.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Size budget and output swap
// ---------------------------------------------------------------------------------------------

interface Docs {
  readonly manifest: string;
  readonly readme: string;
}

/** The repo runs `prettier --check .`, so the manifest is written the way prettier would write it. */
async function formatJson(paths: Paths, json: string): Promise<string> {
  const target = path.join(paths.outDir, 'manifest.json');
  const config = await prettier.resolveConfig(target);
  return prettier.format(json, { ...config, filepath: target, parser: 'json' });
}

async function renderDocs(
  paths: Paths,
  files: readonly ExtractedFile[],
  skipped: readonly Skipped[],
  dropped: readonly string[],
): Promise<Docs> {
  const schools = countSchools(files);
  return {
    manifest: await formatJson(paths, renderManifest(files, skipped, dropped, schools)),
    readme: renderReadme(files, skipped, dropped, schools),
  };
}

function totalBytes(files: readonly ExtractedFile[], docs: Docs): number {
  return sumBytes(files) + Buffer.byteLength(docs.manifest) + Buffer.byteLength(docs.readme);
}

/** Drops files in DROP_ORDER until the whole folder fits MAX_TOTAL_BYTES. */
async function fitBudget(
  paths: Paths,
  extracted: readonly ExtractedFile[],
  skipped: readonly Skipped[],
): Promise<{ files: ExtractedFile[]; dropped: string[]; docs: Docs }> {
  let files = [...extracted];
  const dropped: string[] = [];
  let docs = await renderDocs(paths, files, skipped, dropped);
  while (totalBytes(files, docs) > MAX_TOTAL_BYTES) {
    const victim = DROP_ORDER.find((p) => files.some((f) => f.path === p));
    if (!victim)
      throw new ExtractError(
        `extract is ${totalBytes(files, docs)} bytes, over ${MAX_TOTAL_BYTES}, with nothing left to drop`,
      );
    await rm(path.join(paths.stagingDir, victim));
    files = files.filter((f) => f.path !== victim);
    dropped.push(victim);
    console.log(`dropped ${victim} to stay under ${MAX_TOTAL_BYTES} bytes`);
    docs = await renderDocs(paths, files, skipped, dropped);
  }
  return { files, dropped, docs };
}

/** Build in a staging folder and swap at the end, so a failed run never leaves a half extract. */
async function publish(paths: Paths, docs: Docs): Promise<void> {
  await writeFile(path.join(paths.stagingDir, 'manifest.json'), docs.manifest);
  await writeFile(path.join(paths.stagingDir, 'README.md'), docs.readme);
  await rm(paths.outDir, { recursive: true, force: true });
  await rename(paths.stagingDir, paths.outDir);
}

async function main(): Promise<void> {
  const paths = resolvePaths();
  await assertSourceLayout(paths);
  await rm(paths.stagingDir, { recursive: true, force: true });
  try {
    await extractState(paths);
    const { files: extracted, skipped } = await extractAll(paths);
    const { files, docs } = await fitBudget(paths, extracted, skipped);
    await publish(paths, docs);
    const schools = countSchools(files)
      .map((s) => `${s.year}: ${s.schools}`)
      .join(', ');
    console.log(`schools per year: ${schools}`);
    console.log(
      `total ${totalBytes(files, docs)} bytes in ${path.relative(paths.repoRoot, paths.outDir)} (${files.length} CSV files + manifest.json + README.md; limit ${MAX_TOTAL_BYTES})`,
    );
  } finally {
    await rm(paths.stagingDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The statewide extract (data/demo/nc-state): whole files, not filtered
// ---------------------------------------------------------------------------------------------

// The equity report's statewide quartiles need every school of the state (services/statewide-
// import.ts, STATEWIDE_FILES). The demo's equity report opens on its latest year, 2019, and its
// trend is within the district, so only 2019's files are here: the six a 2019 statewide load
// reads. Whole files, byte-for-byte, gzipped (the importers read .csv.gz).
const STATE_OUT = 'data/demo/nc-state';
const STATE_MAX_TOTAL_BYTES = 400_000;
const STATE_FILE_SPECS: readonly { base: string; year: number; about: string }[] = [
  { base: 'rcd_location', year: 2019, about: 'School names (the directory).' },
  { base: 'rcd_adm', year: 2019, about: 'Enrollment (average daily membership).' },
  {
    base: 'rcd_acc_eds',
    year: 2019,
    about: '% economically disadvantaged (the poverty share ranked into quartiles).',
  },
  { base: 'ec_pupils', year: 2019, about: 'Headcount by race/ethnicity: % students of colour.' },
  { base: 'rcd_eq', year: 2019, about: 'Teachers, beginning and provisionally licensed teachers.' },
  {
    base: 'rcd_effectiveness3',
    year: 2019,
    about: 'Teachers rated Needs Improvement on EVAAS (of teachers with a rating).',
  },
];

interface StateFile {
  readonly year: number;
  readonly base: string;
  readonly about: string;
  /** Relative to the output directory: `2019/rcd_eq.csv.gz`. */
  readonly path: string;
  readonly source: string;
  readonly sourceSha256: string;
  readonly rows: number;
  /** Distinct six-character school codes (agency_code), LEA and state rows aside. */
  readonly schools: number;
  /** The uncompressed file: byte-identical to the source's CSV. */
  readonly csvBytes: number;
  readonly csvSha256: string;
  readonly bytes: number;
  readonly sha256: string;
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function extractStateFile(
  paths: Paths,
  stagingDir: string,
  spec: (typeof STATE_FILE_SPECS)[number],
): Promise<StateFile> {
  const source = await findSource(paths, spec.year, spec.base);
  if (!source) throw new ExtractError(`statewide file not found: ${spec.year}/${spec.base}.csv`);
  const sourceLabel = path.relative(paths.sharedRoot, source).split(path.sep).join('/');
  const raw = await readFile(source);
  const csv = source.endsWith('.gz') ? gunzipSync(raw) : raw;
  const records = parseSync(csv, { bom: true, skip_empty_lines: true }) as string[][];
  const header = records[0];
  if (!header) throw new ExtractError(`${sourceLabel}: file is empty (no header row)`);
  const codeIndex = columnIndex(header, ['agency_code'], sourceLabel);
  const schools = new Set(
    records
      .slice(1)
      .map((r) => r[codeIndex] ?? '')
      .filter((code) => code.length === 6 && !code.endsWith('LEA') && !STATE_ROW_CODES.has(code)),
  );
  // Level 9, no name or time in the header: the same bytes on every run with the same zlib.
  const gz = gzipSync(csv, { level: 9 });
  const relPath = `${spec.year}/${spec.base}.csv.gz`;
  const target = path.join(stagingDir, relPath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, gz);
  return {
    year: spec.year,
    base: spec.base,
    about: spec.about,
    path: relPath,
    source: sourceLabel,
    sourceSha256: sha256(raw),
    rows: records.length - 1,
    schools: schools.size,
    csvBytes: csv.length,
    csvSha256: sha256(csv),
    bytes: gz.length,
    sha256: sha256(gz),
  };
}

function renderStateManifest(files: readonly StateFile[]): string {
  return `${JSON.stringify(
    {
      name: 'nc-state',
      description:
        'North Carolina, every school: the NC DPI 2019 School Report Card research files the equity report’s statewide quartiles read',
      generatedBy: 'node --import tsx scripts/extract-demo.ts',
      source: SOURCE_REPOSITORY,
      filter: {
        note: 'Whole files: every row and cell byte-for-byte as in the source (csvSha256 is the uncompressed file), gzipped at level 9.',
      },
      maxTotalBytes: STATE_MAX_TOTAL_BYTES,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      files: files.map(({ about: _about, ...f }) => f),
    },
    null,
    2,
  )}\n`;
}

function renderStateReadme(files: readonly StateFile[]): string {
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const uncompressed = files.reduce((sum, f) => sum + f.csvBytes, 0);
  return [
    '# Statewide reference data: North Carolina, every school, 2019',
    '',
    '<!-- Generated by scripts/extract-demo.ts. Edit the script, not this file. -->',
    '',
    'The whole-state NC DPI files that the equity report’s **statewide quartiles** read',
    '(`src/services/statewide-import.ts`; docs/decisions/007-equity-methods.md). The demo loader',
    'loads them as the demo district’s statewide reference data, so the equity page on the demo',
    'compares Wake County’s schools under the state’s cut points. They are the state’s figures,',
    'stored apart from the district’s own schools. The same load on the command line:',
    '',
    '```sh',
    'tandem import --statewide data/demo/nc-state/2019/*.csv.gz',
    '```',
    '',
    '## Provenance',
    '',
    `- Publisher: ${SOURCE_REPOSITORY.publisher}.`,
    `- Copied from the public repository \`${SOURCE_REPOSITORY.repository}\` @${SOURCE_REPOSITORY.commit}`,
    '  (`2019/Raw Datasets/SRC_Datasets/*.csv`), byte-for-byte, into the project’s shared data folder',
    '  (`../shared/data/nc-dpi-src/`). Same source and citation as `../nc-wake` (see its README).',
    '- **Nothing is filtered or reformatted**: each file is the source CSV whole, gzipped. Its',
    '  uncompressed sha256 (`csvSha256` in `manifest.json`) is the source file’s own.',
    '- Only 2019, the demo’s latest year, which the equity page opens on; its trend is within the',
    '  district. Only the files a 2019 statewide load reads (other years’ files are loaded the same',
    '  way with `tandem import --statewide` or the Data imports page).',
    '',
    '## Regenerate',
    '',
    '```sh',
    'node --import tsx scripts/extract-demo.ts   # writes ../nc-wake and this folder',
    'npx vitest run scripts/extract-demo.test.ts  # checks both against their manifests',
    '```',
    '',
    '## Files',
    '',
    `${files.length} files, ${total.toLocaleString('en-US')} bytes gzipped (${uncompressed.toLocaleString('en-US')} uncompressed).`,
    '',
    '| file | rows | schools | gzipped bytes | what the statewide load reads from it |',
    '|---|---|---|---|---|',
    ...files.map(
      (f) =>
        `| \`${f.path}\` | ${f.rows.toLocaleString('en-US')} | ${f.schools.toLocaleString('en-US')} | ${f.bytes.toLocaleString('en-US')} | ${f.about} |`,
    ),
    '',
  ].join('\n');
}

/** Builds data/demo/nc-state in a staging folder and swaps it in whole. */
async function extractState(paths: Paths): Promise<void> {
  const outDir = path.join(paths.repoRoot, STATE_OUT);
  const stagingDir = path.join(paths.repoRoot, 'data/demo/.nc-state.staging');
  await rm(stagingDir, { recursive: true, force: true });
  try {
    const files: StateFile[] = [];
    for (const spec of STATE_FILE_SPECS) {
      const file = await extractStateFile(paths, stagingDir, spec);
      files.push(file);
      console.log(
        `${`nc-state/${file.path}`.padEnd(40)} ${String(file.rows).padStart(6)} rows, ${file.schools} schools, ${file.bytes} bytes gzipped`,
      );
    }
    const manifestPath = path.join(outDir, 'manifest.json');
    const config = await prettier.resolveConfig(manifestPath);
    const manifest = await prettier.format(renderStateManifest(files), {
      ...config,
      filepath: manifestPath,
      parser: 'json',
    });
    const readme = renderStateReadme(files);
    const total =
      files.reduce((sum, f) => sum + f.bytes, 0) +
      Buffer.byteLength(manifest) +
      Buffer.byteLength(readme);
    if (total > STATE_MAX_TOTAL_BYTES) {
      throw new ExtractError(`${STATE_OUT} is ${total} bytes, over ${STATE_MAX_TOTAL_BYTES}`);
    }
    await writeFile(path.join(stagingDir, 'manifest.json'), manifest);
    await writeFile(path.join(stagingDir, 'README.md'), readme);
    await rm(outDir, { recursive: true, force: true });
    await rename(stagingDir, outDir);
    console.log(`total ${total} bytes in ${STATE_OUT} (limit ${STATE_MAX_TOTAL_BYTES})`);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  // One clear line, no stack: the failures worth a stack are bugs, and the message names the file.
  console.error(`extract-demo: ${errorMessage(error)}`);
  process.exitCode = 1;
});
