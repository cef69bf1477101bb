// Bundles of our TypeScript for Node: how they are built, and when one is out of date.
// bin/tandem.js rebuilds the server and CLI, src/importers/read-worker-bundle.ts the import's
// reading worker and bench/import.ts its child, when any TypeScript source (tests and the web
// app aside) is newer than the bundle.
import fs from 'node:fs';
import path from 'node:path';

/** The newest modification time (ms) of the server-side .ts sources under `dir`. */
export function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'web') newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Whether `bundle` exists and is no older than every source under `srcDir`. */
export function isBundleCurrent(bundle, srcDir) {
  if (!fs.existsSync(bundle)) return false;
  return newestSource(srcDir) <= fs.statSync(bundle).mtimeMs;
}

/** esbuild's options for every bundle: our code in, dependencies loaded from node_modules. */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
};
