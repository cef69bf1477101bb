// `tandem serve`: what `npm start` runs.
import type { Command } from 'commander';
import { startServer } from '../server/serve.ts';
import { progressPrinter, type LoadConfig } from './shared.ts';

export function registerServe(program: Command, loadConfig: LoadConfig) {
  program
    .command('serve')
    .description('Migrate the database, load the demo district on first run, and serve the web app')
    .option('--build-if-needed', 'build the web app first when it is missing or out of date')
    .action(async (opts: { buildIfNeeded?: boolean }) => {
      const config = loadConfig();
      const started = Date.now();
      const server = await startServer(config, {
        buildIfNeeded: opts.buildIfNeeded ?? false,
        onProgress: progressPrinter(),
      });
      console.log(
        `Tandem is running at ${server.url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl+C to stop)`,
      );
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
