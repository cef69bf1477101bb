// The row loop of an import: each row through the mapping (a pure function), then written,
// rejected, skipped or reported. Only counts, the first problems and the pending chunk stay in
// memory; everything else is in the database (docs/decisions/005-imports.md "Streaming").
import type { Db } from '../db/connection.ts';
import {
  applyRow,
  type BoundMapping,
  type ImportProblem,
  type SchoolRecord,
  type SkipReason,
  type ValueRecord,
} from '../importers/apply.ts';
import type { CsvReader } from '../importers/csv.ts';
import type { RepeatedKey } from '../db/queries/import-writes.ts';
import { BatchWriter } from './import-writer.ts';
import type { ImportProgress, OnProblems } from './imports.ts';

export type SkipKind = SkipReason | 'unknown_school';

export interface RowCounts {
  rowsRead: number;
  /** Schools and measure values inserted or changed (unchanged ones are not rewritten). */
  rowsWritten: number;
  rowsSkipped: number;
  rowsRejected: number;
  skipped: Record<SkipKind, number>;
  /** The first MAX_LISTED school ids skipped as unknown (unknownSchools 'skip'). */
  unknownSchoolIds: string[];
}

export interface ReadRowsInput {
  reader: CsvReader;
  bound: BoundMapping;
  districtId: string;
  batchId: string;
  fileName: string;
  onProblems: OnProblems;
  unknownSchools: 'error' | 'skip';
  /** The district's school ids; schools the file adds join it. */
  knownSchools: Set<string>;
  maxProblems: number;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

export interface RowsResult {
  counts: RowCounts;
  problems: ImportProblem[];
  problemCount: number;
  /** The file must write nothing: a key given twice, or any problem when aborting. */
  isRefused: boolean;
}

const PROGRESS_EVERY = 5000;
const MAX_LISTED = 1000;

export async function readRows(trx: Db, input: ReadRowsInput): Promise<RowsResult> {
  const { reader, bound, districtId, batchId, fileName, knownSchools } = input;
  const isSkipping = input.onProblems === 'skip-rows';
  const writer = await BatchWriter.start(trx, districtId, batchId);
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const report = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < input.maxProblems) problems.push(p);
  };
  const skipped: Record<SkipKind, number> = {
    filtered: 0,
    student_group_not_mapped: 0,
    unknown_school: 0,
  };
  const unknownSchoolIds = new Set<string>();
  let rowsRead = 0;
  let rowsRejected = 0;
  const progress = () =>
    input.onProgress?.({
      fileName,
      rowsRead,
      bytesRead: reader.bytesRead(),
      totalBytes: reader.totalBytes,
    });

  for await (const { line, cells, problem } of reader.rows) {
    rowsRead++;
    if (rowsRead % PROGRESS_EVERY === 0) progress();
    const found: ImportProblem[] = [];
    let result: ReturnType<typeof applyRow> | null = null;
    if (problem !== undefined) {
      found.push({
        file: fileName,
        row: line,
        column: null,
        value: null,
        reason: `the row ${problem}`,
      });
    } else {
      result = applyRow(bound, cells, line);
      if (result.skipped) {
        skipped[result.skipped]++;
        continue;
      }
      found.push(...result.problems);
      const id = result.schoolId;
      if (found.length === 0 && id !== null && !result.school && !knownSchools.has(id)) {
        if (result.values.length > 0 && input.unknownSchools === 'skip') {
          skipped.unknown_school++;
          if (unknownSchoolIds.size < MAX_LISTED) unknownSchoolIds.add(id);
          continue;
        }
        if (result.values.length > 0) {
          const reason = 'is not a school of this district (import the school directory first)';
          const column = bound.mapping.school.column;
          found.push({ file: fileName, row: line, column, value: id, reason });
        }
      }
    }
    if (found.length > 0) {
      found.forEach(report);
      if (isSkipping) {
        rowsRejected++;
        writer.reject(line, rejectionReason(found), cells);
      } else writer.stopWriting(); // keep reading, to report every problem
    } else if (result?.schoolId) {
      if (result.school) {
        knownSchools.add(result.schoolId);
        writer.addSchool(line, toSchoolRow(districtId, batchId, result.school));
      }
      for (const v of result.values) writer.addValue(line, toValueRow(districtId, batchId, v));
    }
    await writer.flushIfFull();
  }
  progress();
  const rowsWritten = await writer.flush();
  const repeated = await writer.repeatedKeys(input.maxProblems);
  const repeats = repeated.repeats.map((k) => repeatProblem(fileName, k));
  const merged = [...problems, ...repeats].sort((a, b) => a.row - b.row);
  problemCount += repeated.total;
  return {
    counts: {
      rowsRead,
      rowsWritten,
      rowsSkipped: skipped.filtered + skipped.student_group_not_mapped + skipped.unknown_school,
      rowsRejected,
      skipped,
      unknownSchoolIds: [...unknownSchoolIds].sort(),
    },
    problems: merged.slice(0, input.maxProblems),
    problemCount,
    isRefused: repeated.total > 0 || (!isSkipping && problemCount > 0),
  };
}

/** The reason column of a rejected row: each problem, naming its column. */
export function rejectionReason(problems: readonly ImportProblem[]): string {
  return problems
    .map((p) => {
      const value = p.value ? `"${p.value}" ` : '';
      return p.column ? `${p.column}: ${value}${p.reason}` : `${value}${p.reason}`;
    })
    .join('; ');
}

// A file that gives one value twice is refused, even when skipping rows: which of the two is
// right is not something a row check can decide, and it usually means the mapping lacks a
// filter (NC's rcd_acc_cgr has a 4-year and a 5-year row per school and group).
function repeatProblem(file: string, k: RepeatedKey): ImportProblem {
  const what =
    k.measureKey === null
      ? `school ${k.schoolId}`
      : `${k.measureKey} for ${k.schoolId}, ${k.schoolYear}, group ${k.studentGroup}`;
  const reason = `repeats ${what}, already given on row ${k.firstRow}`;
  return { file, row: k.row, column: null, value: null, reason };
}

function toSchoolRow(districtId: string, batchId: string, s: SchoolRecord) {
  return {
    district_id: districtId,
    id: s.id,
    name: s.name,
    state_id: s.stateId,
    nces_id: s.ncesId,
    level: s.level,
    grade_span: s.gradeSpan,
    is_title_i: s.isTitleI,
    street: s.street,
    city: s.city,
    state: s.state,
    zip: s.zip,
    latitude: s.latitude,
    longitude: s.longitude,
    region: s.region,
    batch_id: batchId,
  };
}

function toValueRow(districtId: string, batchId: string, v: ValueRecord) {
  return {
    district_id: districtId,
    school_id: v.schoolId,
    school_year: v.schoolYear,
    measure_key: v.measureKey,
    student_group: v.studentGroup,
    value: v.value,
    value_text: v.valueText,
    n: v.n,
    status: v.status,
    source_marker: v.marker,
    batch_id: batchId,
  };
}
