// The `tandem` command. Each subcommand is a thin wrapper over services; errors are one line
// and a non-zero exit, never a stack trace (ENGINEERING.md "One error vocabulary").
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.ts';
import { isAppError } from '../domain/shared/errors.ts';
import { registerImport } from './import.ts';
import { registerMatch } from './match.ts';
import { registerReport } from './report.ts';
import { registerReportEquity } from './report-equity.ts';
import { registerServe } from './serve.ts';
import { registerUsers } from './users.ts';

const program = new Command()
  .name('tandem')
  .description('Tandem: the central office’s working system for supporting its schools.')
  .version('0.1.0')
  .showHelpAfterError('(run tandem --help for usage)')
  .exitOverride()
  .addHelpText(
    'after',
    '\nConfiguration comes from the environment: PORT, HOST, TANDEM_DATA_DIR, DATABASE_URL (see README.md).',
  );

registerServe(program, loadConfig);
registerUsers(program, loadConfig);
registerImport(program, loadConfig);
registerMatch(program, loadConfig);
registerReport(program, loadConfig);
registerReportEquity(program, loadConfig);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help / version).
    return error.exitCode;
  }
  if (isAppError(error)) {
    console.error(`tandem: ${error.message}`);
    // Each problem names its field; the first is often the message itself.
    const extra = error.problems.filter((p) => p.message !== error.message);
    for (const p of extra.slice(0, 20)) console.error(`  ${p.field}: ${p.message}`);
    return error.kind === 'config' ? 78 : 1;
  }
  console.error(
    `tandem: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  );
  return 70;
}
