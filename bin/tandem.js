#!/usr/bin/env node
// Entry point for the `tandem` command. The server and CLI are TypeScript; this file bundles
// them with esbuild into dist/cli/main.js when that is missing or older than any source file
// (a fraction of a second), then runs the bundle. Running the bundle instead of the sources
// through a TypeScript loader starts the server in about a second rather than four
// (docs/decisions/001-stack.md).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBundleCurrent, NODE_BUNDLE_OPTIONS } from './bundles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src', 'cli', 'main.ts');
const bundle = path.join(root, 'dist', 'cli', 'main.js');

if (!isBundleCurrent(bundle, path.join(root, 'src'))) {
  const { build } = await import('esbuild');
  // Dependencies load from node_modules as usual; only our own code is bundled.
  await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: [entry], outfile: bundle, sourcemap: true });
}
// `tandem import` runs in a child with a bounded heap and one malloc arena (bin/import-heap.js);
// everything else here.
const { importEnv, importHeapFlags } = await import('./import-heap.js');
const heapFlags =
  process.argv[2] === 'import' && !process.env.TANDEM_IMPORT_CHILD ? importHeapFlags() : [];
if (heapFlags.length > 0) {
  const child = spawn(process.execPath, [...heapFlags, bundle, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...importEnv(), TANDEM_IMPORT_CHILD: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  await import(pathToFileURL(bundle).href);
}
