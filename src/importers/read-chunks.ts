// The reading half of an import: each row of a table through the mapping (applyRow, a pure
// function), gathered into chunks of what to write — schools, measure values column by column,
// the natural keys given, rejected rows — that go to a sink, with counts and the first problems
// kept on the side. Nothing here touches the database, so the same loop runs in the importing
// thread or in a worker thread beside it (services/import-rows.ts chooses;
// docs/decisions/005-imports.md "Reading beside the writing").
//
// Only counts, the first problems and the chunk being filled stay in memory; a file of any size
// passes through in bounded memory (issue #3 "Large files stream").
import {
  emptyKeyColumns,
  emptyValueColumns,
  WRITE_CHUNK,
  type KeyColumns,
  type KeyOrigins,
  type ValueColumns,
} from './chunk-columns.ts';
import {
  applyRow,
  type BoundMapping,
  type ImportProblem,
  type SchoolRecord,
  type SkipReason,
  type ValueRecord,
} from './apply.ts';
import type { CsvReader } from './csv.ts';

export type SkipKind = SkipReason | 'unknown_school';
export type OnProblems = 'abort' | 'skip-rows';

export interface ReadProgress {
  fileName: string;
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

/** What one chunk asks the database to write. */
export interface ReadChunk {
  /** Directory rows, in file order, each with the key's line and order. */
  schools: Array<{ line: number; seq: number; school: SchoolRecord }>;
  /** Values to write; their keys are logged by the same statement. No key twice in a chunk. */
  values: ValueColumns & KeyOrigins;
  /** Keys to log that are not among `values`: schools', a key repeated within the chunk, and
   * every key once writing has stopped (so that repeats are still found and reported). */
  keys: KeyColumns;
  rejections: Array<{ row: number; reason: string; cells: string[] }>;
}

export interface ReadOptions {
  bound: BoundMapping;
  fileName: string;
  onProblems: OnProblems;
  unknownSchools: 'error' | 'skip';
  /** The district's school ids; schools the file adds join it. */
  knownSchools: Set<string>;
  maxProblems: number;
  onProgress?: ((progress: ReadProgress) => void) | undefined;
}

export interface ReadResult {
  rowsRead: number;
  rowsSkipped: number;
  rowsRejected: number;
  skipped: Record<SkipKind, number>;
  /** The first MAX_LISTED school ids skipped as unknown (unknownSchools 'skip'). */
  unknownSchoolIds: string[];
  /** The first maxProblems problems of rows, in file order. */
  problems: ImportProblem[];
  problemCount: number;
  /** The file's sha256 (of its bytes as stored), known once every row is read. */
  fileSha256: string;
}

const PROGRESS_EVERY = 5000;
/** The size of the first chunk (keys and rejected rows), then WRITE_CHUNK. */
export const FIRST_CHUNK = 1000;
const MAX_LISTED = 1000;

/** Reads every row of `reader`, handing full chunks to `sink` (awaited) and the last at the end. */
export async function readChunks(
  reader: CsvReader,
  options: ReadOptions,
  sink: (chunk: ReadChunk) => Promise<void>,
): Promise<ReadResult> {
  const { bound, fileName, knownSchools } = options;
  const isSkipping = options.onProblems === 'skip-rows';
  const chunk = new ChunkBuilder();
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const report = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < options.maxProblems) problems.push(p);
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
    options.onProgress?.({
      fileName,
      rowsRead,
      bytesRead: reader.bytesRead(),
      totalBytes: reader.totalBytes,
    });

  // The first chunk is smaller, so that writing starts sooner while reading warms up (a
  // worker's first rows are read several times slower than the rest).
  let chunkLimit = FIRST_CHUNK;
  for await (const batch of reader.batches) {
    for (const { line, cells, problem } of batch) {
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
          if (result.values.length > 0 && options.unknownSchools === 'skip') {
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
          chunk.reject(line, rejectionReason(found), cells);
        } else chunk.stopWriting(); // keep reading, to report every problem
      } else if (result?.schoolId) {
        if (result.school) {
          knownSchools.add(result.schoolId);
          chunk.addSchool(line, result.school);
        }
        for (const v of result.values) chunk.addValue(line, v);
      }
      if (chunk.size() >= chunkLimit) {
        await sink(chunk.take());
        chunkLimit = WRITE_CHUNK;
      }
    }
  }
  progress();
  if (chunk.size() > 0) await sink(chunk.take());
  return {
    rowsRead,
    rowsSkipped: skipped.filtered + skipped.student_group_not_mapped + skipped.unknown_school,
    rowsRejected,
    skipped,
    unknownSchoolIds: [...unknownSchoolIds].sort(),
    problems,
    problemCount,
    fileSha256: reader.sha256(),
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

/** The chunk being filled. */
class ChunkBuilder {
  private current = ChunkBuilder.empty();
  // Keys the current chunk writes: one statement may not write a key twice. A repeat is still
  // logged, so the check at the end reports it and the file is refused.
  private chunkKeys = new Set<string>();
  private isWriting = true;
  private seq = 0;

  private static empty(): ReadChunk {
    return {
      schools: [],
      values: { ...emptyValueColumns(), line: [], seq: [] },
      keys: emptyKeyColumns(),
      rejections: [],
    };
  }

  /** From now on only keys are logged (a file with problems writes nothing; see imports.ts). */
  stopWriting(): void {
    if (!this.isWriting) return;
    this.isWriting = false;
    // What the current chunk would have written is only logged.
    const { schools, values, keys } = this.current;
    for (const s of schools) this.logKey(s.line, s.seq, s.school.id, null, null, null);
    for (let i = 0; i < values.line.length; i++) {
      this.logKey(
        values.line[i] ?? 0,
        values.seq[i] ?? 0,
        values.schoolId[i] ?? '',
        values.schoolYear[i] ?? null,
        values.measureKey[i] ?? null,
        values.studentGroup[i] ?? null,
      );
    }
    this.current = { ...ChunkBuilder.empty(), keys, rejections: this.current.rejections };
    this.chunkKeys.clear();
  }

  addSchool(line: number, school: SchoolRecord): void {
    const seq = this.seq++;
    const key = `school\u0000${school.id}`;
    if (this.isWriting && !this.chunkKeys.has(key)) {
      this.chunkKeys.add(key);
      this.current.schools.push({ line, seq, school });
    } else this.logKey(line, seq, school.id, null, null, null);
  }

  addValue(line: number, v: ValueRecord): void {
    const seq = this.seq++;
    const key = `${v.schoolId}\u0000${v.schoolYear}\u0000${v.measureKey}\u0000${v.studentGroup}`;
    if (!this.isWriting || this.chunkKeys.has(key)) {
      this.logKey(line, seq, v.schoolId, v.schoolYear, v.measureKey, v.studentGroup);
      return;
    }
    this.chunkKeys.add(key);
    const c = this.current.values;
    c.line.push(line);
    c.seq.push(seq);
    c.schoolId.push(v.schoolId);
    c.schoolYear.push(v.schoolYear);
    c.measureKey.push(v.measureKey);
    c.studentGroup.push(v.studentGroup);
    c.value.push(v.value);
    c.valueText.push(v.valueText);
    c.n.push(v.n);
    c.status.push(v.status);
    c.marker.push(v.marker);
  }

  reject(row: number, reason: string, cells: string[]): void {
    this.current.rejections.push({ row, reason, cells });
  }

  /** Keys and rejected rows held: what a chunk is measured by. */
  size(): number {
    const c = this.current;
    return c.schools.length + c.values.line.length + c.keys.line.length + c.rejections.length;
  }

  take(): ReadChunk {
    const chunk = this.current;
    this.current = ChunkBuilder.empty();
    this.chunkKeys.clear();
    return chunk;
  }

  private logKey(
    line: number,
    seq: number,
    schoolId: string,
    schoolYear: number | null,
    measureKey: string | null,
    studentGroup: string | null,
  ): void {
    const k = this.current.keys;
    k.line.push(line);
    k.seq.push(seq);
    k.schoolId.push(schoolId);
    k.schoolYear.push(schoolYear);
    k.measureKey.push(measureKey);
    k.studentGroup.push(studentGroup);
  }
}
