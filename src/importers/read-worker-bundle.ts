// The reading worker runs as a bundle of its own (dist/workers/read-worker.js), built from
// read-worker.ts with esbuild on first use and whenever a source is newer, the way bin/tandem.js
// builds the CLI: a worker thread cannot load TypeScript, and a bundle starts in tens of
// milliseconds wherever the importing code itself runs from (the CLI's bundle, the bench's,
// or the sources under a test runner).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isBundleCurrent, NODE_BUNDLE_OPTIONS } from '../../bin/bundles.js';
import { projectPath } from '../paths.ts';

const SOURCE = projectPath('src', 'importers', 'read-worker.ts');
const BUNDLE = projectPath('dist', 'workers', 'read-worker.js');

let ready: Promise<string> | null = null;

/** The worker's bundle, built first if it is missing or out of date (once per process). */
export function readWorkerBundle(): Promise<string> {
  ready ??= ensureBundle().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

async function ensureBundle(): Promise<string> {
  if (isBundleCurrent(BUNDLE, projectPath('src'))) return BUNDLE;
  const { build } = await import('esbuild');
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  // Built beside and renamed into place: processes building at once (parallel test files)
  // never load a half-written file.
  const partial = `${BUNDLE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: [SOURCE], outfile: partial });
  fs.renameSync(partial, BUNDLE);
  return BUNDLE;
}
