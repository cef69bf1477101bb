// Reading a set of Ed-Fi Data Standard v5 XML interchange files into rows (see rows.ts), in two
// streaming passes: first everything but student assessments, then the assessments, counted
// per school as they stream by. Files of interchanges this importer does not use (calendars,
// finance, descriptors …) are opened only as far as their root element.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PerformanceLevels } from './descriptors.ts';
import {
  DEFAULT_PERFORMANCE_LEVELS,
  EdFiExtract,
  PASS_ONE_ELEMENTS,
  PASS_TWO_ELEMENTS,
  ResultTallies,
  USED_INTERCHANGES,
} from './extract.ts';
import { listInterchangeFiles, readInterchange } from './interchange-files.ts';
import { buildEdFiRows, type EdFiRows } from './rows.ts';

export interface EdFiReadOptions {
  /** The school year staff assignments are for; by default the latest one the files name. */
  schoolYear?: number;
  /** Performance levels beyond the built-in lists (descriptors.ts). */
  performanceLevels?: Partial<PerformanceLevels>;
}

export interface EdFiFileSummary {
  file: string;
  interchange: string;
  /** False for an interchange this importer does not use. */
  used: boolean;
  sha256: string | null;
}

export interface EdFiRead {
  files: EdFiFileSummary[];
  /** One hash for the set: sha256 over the used files' names and hashes, in name order. */
  sha256: string;
  rows: EdFiRows;
}

const ASSESSMENTS = 'InterchangeStudentAssessment';

export async function readEdFiInterchanges(
  paths: readonly string[],
  options: EdFiReadOptions = {},
): Promise<EdFiRead> {
  const files = await listInterchangeFiles(paths);
  const extract = new EdFiExtract();
  const levels: PerformanceLevels = {
    proficient: [
      ...DEFAULT_PERFORMANCE_LEVELS.proficient,
      ...(options.performanceLevels?.proficient ?? []),
    ],
    notProficient: [
      ...DEFAULT_PERFORMANCE_LEVELS.notProficient,
      ...(options.performanceLevels?.notProficient ?? []),
    ],
  };
  const tallies = new ResultTallies(extract, levels);
  const summaries = new Map<string, EdFiFileSummary>();
  const note = (file: string, interchange: string, sha256: string | null) =>
    summaries.set(file, {
      file: path.basename(file),
      interchange,
      used: sha256 !== null,
      sha256,
    });

  for (const file of files) {
    const read = await readInterchange(
      file,
      PASS_ONE_ELEMENTS,
      (root) => USED_INTERCHANGES.has(root) && root !== ASSESSMENTS,
      (node) => extract.add(node, path.basename(file)),
    );
    if (read.root !== ASSESSMENTS) note(file, read.root, read.complete ? read.sha256 : null);
  }
  for (const file of files.filter((f) => !summaries.has(f))) {
    const read = await readInterchange(
      file,
      PASS_TWO_ELEMENTS,
      (root) => root === ASSESSMENTS,
      (node) => tallies.add(node, path.basename(file)),
    );
    note(file, read.root, read.sha256);
  }

  const ordered = files.map((f) => summaries.get(f)!);
  const hash = createHash('sha256');
  for (const f of ordered.filter((s) => s.used).toSorted((a, b) => a.file.localeCompare(b.file))) {
    hash.update(`${f.file} ${f.sha256}\n`);
  }
  return {
    files: ordered,
    sha256: hash.digest('hex'),
    rows: buildEdFiRows(extract, tallies, options),
  };
}
