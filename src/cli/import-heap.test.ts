// The limits `tandem import` re-spawns itself with (bin/import-heap.js), and the bench's import
// child with it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IMPORT_SEMI_SPACE_MB, importEnv, importHeapFlags } from '../../bin/import-heap.js';

describe('import process limits', () => {
  it('bounds the old space, and fixes the semi-spaces', () => {
    expect(importHeapFlags({})).toEqual([
      '--max-old-space-size=256',
      `--min-semi-space-size=${IMPORT_SEMI_SPACE_MB}`,
      `--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`,
    ]);
    expect(importHeapFlags({ TANDEM_IMPORT_HEAP_MB: '512' })[0]).toBe('--max-old-space-size=512');
    // A limit the user set in NODE_OPTIONS wins: no flags, no re-spawn.
    expect(importHeapFlags({ NODE_OPTIONS: '--max-old-space-size=1024' })).toEqual([]);
  });

  it('limits malloc to one arena unless the user chose otherwise', () => {
    expect(importEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '1' });
    expect(importEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });

  it('starts node with them', () => {
    const child = spawnSync(
      process.execPath,
      [
        ...importHeapFlags({}),
        '-p',
        'JSON.stringify([v8.getHeapStatistics().heap_size_limit, process.env.MALLOC_ARENA_MAX])',
      ],
      { env: importEnv({ PATH: process.env.PATH }), encoding: 'utf8' },
    );
    const [limit, arenas] = JSON.parse(child.stdout) as [number, string];
    // The old space plus the young generation (three semi-spaces' worth in V8's accounting).
    expect(limit / 2 ** 20).toBeGreaterThanOrEqual(256);
    expect(limit / 2 ** 20).toBeLessThan(320);
    expect(arenas).toBe('1');
  });
});
