// Where the project's own files are, whether the code runs from src/ (tsx, tests) or from the
// bundle in dist/ (bin/tandem.js): the nearest folder above this module with a package.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const projectPath = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
