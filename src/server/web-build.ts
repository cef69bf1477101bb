// Builds the web app with Vite when it is missing or older than its sources, so that
// `npm start` works straight after `npm install` and after every pull.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../domain/shared/errors.ts';
import { PROJECT_ROOT } from '../paths.ts';

const ROOT = PROJECT_ROOT;
const OUT = path.join(ROOT, 'dist', 'web');
// What the web app is built from: its own folder, and what it imports from outside it — the
// domain's catalogue and formats, the importers' mapping helpers, and the mapping guide it shows
// (docs/mappings.md, at /imports/mapping-guide).
const SOURCES = [
  path.join(ROOT, 'src', 'web'),
  path.join(ROOT, 'src', 'domain'),
  path.join(ROOT, 'src', 'importers'),
  path.join(ROOT, 'docs', 'mappings.md'),
  path.join(ROOT, 'vite.config.ts'),
];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function isWebBuildCurrent(): boolean {
  const index = path.join(OUT, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

export async function ensureWebBuild(options: { build: boolean; log: (line: string) => void }) {
  if (!isWebBuildCurrent()) {
    if (!options.build) {
      if (fs.existsSync(path.join(OUT, 'index.html'))) return OUT;
      throw new AppError('config', 'The web app is not built. Run `npm run build` or `npm start`.');
    }
    options.log('Building the web app (first start, or its sources changed)…');
    const started = Date.now();
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    options.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  return OUT;
}
