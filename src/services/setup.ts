// Bringing a database to a usable state: migrations, the demo district on an empty database,
// and a first account to sign in with.
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { refreshPlannerStatistics } from '../db/queries/statistics.ts';
import { listDistricts } from '../db/queries/schools.ts';
import { hasSyntheticStaff } from '../db/queries/staff.ts';
import { ensureFirstLeader } from './auth.ts';
import { loadDemoDistrict } from './demo.ts';
import { seedSyntheticStaff } from './synthetic-staff.ts';

export interface PrepareProgress {
  step: string;
  done: number;
  total: number;
}

export interface Prepared {
  migrationsApplied: string[];
  demoLoaded: boolean;
  districtId: string;
  firstLeader: { username: string; password: string } | null;
}

export async function prepareDatabase(
  handle: DbHandle,
  onProgress?: (p: PrepareProgress) => void,
): Promise<Prepared> {
  const migrationsApplied = await migrate(handle);
  // A database from before every bulk write refreshed the planner's statistics has none
  // (src/db/queries/statistics.ts); refresh them once when the schema changes.
  if (migrationsApplied.length > 0) await refreshPlannerStatistics(handle.db);
  let districts = await listDistricts(handle.db);
  let demoLoaded = false;
  if (districts.length === 0) {
    await loadDemoDistrict(handle.db, { ...(onProgress ? { onProgress } : {}) });
    demoLoaded = true;
    districts = await listDistricts(handle.db);
  }
  const district = districts[0];
  if (!district) throw new Error('No district after loading the demo');
  // The demo's person-level staff are synthetic (issue #2); seeding is idempotent, so a start
  // that was interrupted after the demo import finishes the job.
  if (district.is_demo && !(await hasSyntheticStaff(handle.db, district.id))) {
    onProgress?.({ step: 'Generating the demo’s synthetic staff', done: 0, total: 1 });
    await seedSyntheticStaff(handle.db, district.id, { batchId: randomUUID() });
    onProgress?.({ step: 'Generating the demo’s synthetic staff', done: 1, total: 1 });
  }
  const firstLeader = await ensureFirstLeader(handle.db, district.id);
  return { migrationsApplied, demoLoaded, districtId: district.id, firstLeader };
}
