// `tandem import --statewide FILE…`: the state's school files as reference data for the equity
// report's statewide quartiles (issue #5; src/services/statewide-import.ts). All files are one
// batch, all or nothing; `tandem batches rollback` removes it like any other.
import type { Db } from '../db/connection.ts';
import type { Actor } from '../domain/access/access.ts';
import { plural } from '../domain/diagnostics/format.ts';
import { isAppError, type FieldProblem } from '../domain/shared/errors.ts';
import { ImportRefusedError } from '../services/imports.ts';
import { loadStatewideFiles } from '../services/statewide-import.ts';

/** Loads the files; false when refused (the problems are printed). */
export async function importStatewide(
  db: Db,
  actor: Actor,
  files: readonly string[],
  options: { districtId: string; dryRun: boolean },
): Promise<boolean> {
  const started = Date.now();
  try {
    const summary = await loadStatewideFiles(db, actor, {
      districtId: options.districtId,
      paths: files,
      dryRun: options.dryRun,
      notes: `Loaded with \`tandem import --statewide\` on the command line as ${actor.username}.`,
    });
    const n = (x: number) => x.toLocaleString('en-US');
    for (const f of summary.files) {
      const other = f.otherYears.map((y) => `${n(y.rows)} of ${y.year}`).join(', ');
      console.log(
        `${f.fileName}: ${plural(f.rowsRead, 'row')} read, ${n(f.rowsUsed)} used ` +
          `${f.year === null ? '(school names only)' : `for ${f.year}`}, ` +
          `${n(f.rowsSkipped)} skipped (not schools)${other ? `, left out: rows ${other}` : ''} ` +
          `(mapping ${f.mappingName})`,
      );
    }
    for (const y of summary.years) {
      console.log(
        `  ${summary.state} ${y.year}: ${n(y.schools)} state schools, ${y.status === 'loaded' ? 'loaded' : 'unchanged (already loaded)'}`,
      );
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      summary.dryRun
        ? `  Dry run: nothing was written (${seconds} s).`
        : summary.batchId
          ? `  Batch ${summary.batchId}: ${n(summary.rowsWritten)} rows (${seconds} s).`
          : `  Nothing changed: no batch written (${seconds} s).`,
    );
    return true;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`Refused: ${error.message}`);
    const count = error instanceof ImportRefusedError ? error.problemCount : error.problems.length;
    printProblems(error.problems, count);
    return false;
  }
}

const SHOWN_PROBLEMS = 50;

function printProblems(problems: readonly FieldProblem[], count: number) {
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) {
    console.error(`  ${p.field.replace(/:$/, '')}: ${p.message}`);
  }
  const more = count - Math.min(SHOWN_PROBLEMS, problems.length);
  if (more > 0) console.error(`  and ${more.toLocaleString('en-US')} more`);
}
