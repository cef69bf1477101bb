// Issue #4's third speed target: a school page's API calls under 50 ms at p95 on the demo
// district. Loads the demo district (Wake County, NC DPI files) into an embedded PGlite, signs
// in as an analyst, warms up, then times 200 calls of each API the school page makes through
// the Hono app (`app.request`: routing, session, permission checks, validation and JSON
// included; no network), cycling over every school so that no answer is a repeat of the last.
import { createApp } from '../src/server/app.ts';
import { TEST_CONFIG, signedInClient } from '../src/server/testing.ts';
import { createTestDb } from '../src/db/testing.ts';
import { DEMO_DISTRICT, loadDemoDistrict } from '../src/services/demo.ts';
import { listDiagnosticSchools } from '../src/db/queries/diagnostics.ts';
import { mb, ms, type BenchRow } from './measure.ts';

const CALLS = 200;
const WARM_UP = 20;

function percentile(sorted: readonly number[], p: number): number {
  // Nearest-rank percentile.
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export async function run(): Promise<BenchRow[]> {
  const handle = await createTestDb();
  try {
    await loadDemoDistrict(handle.db);
    const app = createApp({ db: handle.db, config: TEST_CONFIG });
    const client = await signedInClient(app, handle, {
      districtId: DEMO_DISTRICT.id,
      username: 'bench.analyst',
      displayName: 'Bench Analyst',
      role: 'analyst',
      schoolIds: [],
    });
    const schools = await listDiagnosticSchools(handle.db, DEMO_DISTRICT.id);
    const paths = {
      'school page: GET /api/schools/{id}/diagnostics': (id: string) =>
        `/api/schools/${encodeURIComponent(id)}/diagnostics`,
      'school page: GET /api/schools/{id}': (id: string) =>
        `/api/schools/${encodeURIComponent(id)}`,
    };
    const rows: BenchRow[] = [];
    for (const [name, path] of Object.entries(paths)) {
      const call = async (i: number) => {
        const school = schools[i % schools.length];
        if (!school) throw new Error('the demo district has no schools');
        const res = await client.request('GET', path(school.id));
        if (res.status !== 200) throw new Error(`${path(school.id)} answered ${res.status}`);
        await res.arrayBuffer();
      };
      for (let i = 0; i < WARM_UP; i++) await call(i);
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await call(i);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      console.log(`${name}: p50 ${ms(p50)}, p95 ${ms(p95)} over ${CALLS} calls`);
      rows.push({
        bench: 'school page',
        case: `${name}, ${CALLS} calls over ${schools.length} demo schools`,
        ours: `p50 ${ms(p50)}, p95 ${ms(p95)}`,
        peer: '—',
        peerName: '(target p95 < 50 ms)',
        ratio: '—',
        target: p95 < 50 ? 'met' : 'missed',
        peakMb: mb(process.memoryUsage().rss / 2 ** 20),
      });
    }
    return rows;
  } finally {
    await handle.close();
  }
}
