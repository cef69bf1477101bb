// Helpers the CLI commands share: opening the configured database and reporting progress.
import type { Config } from '../config.ts';
import { openDatabase, type DbHandle } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';

export type LoadConfig = () => Config;

export async function withDatabase<T>(
  config: Config,
  fn: (handle: DbHandle) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrate(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** A one-line progress bar on a terminal; plain lines when output is not a terminal. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = '';
  return (p: { step: string; done: number; total: number }) => {
    const pct = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    if (stream.isTTY) {
      const width = 24;
      const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
      stream.write(
        `\r${bar} ${(pct * 100).toFixed(0).padStart(3)}%  ${p.step}`.padEnd(100).slice(0, 100),
      );
      if (p.done >= p.total) stream.write('\n');
    } else if (p.step !== last) {
      stream.write(`${p.step}…\n`);
    }
    last = p.step;
  };
}
