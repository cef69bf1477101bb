// Seeds a district's synthetic person-level staff from its imported staffing aggregates (issue
// #2: demo staff are synthetic, calibrated to the published figures and labelled synthetic). One
// transaction: all rows or none. Idempotent: a district that already has synthetic staff is left
// as it is.
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { refreshPlannerStatistics } from '../db/queries/statistics.ts';
import { insertBatch } from '../db/queries/imports.ts';
import {
  hasSyntheticStaff,
  insertStaffRows,
  listSchoolLevels,
  loadStaffingAggregates,
  lockDistrict,
} from '../db/queries/staff.ts';
import { notFound } from '../domain/shared/errors.ts';
import {
  generateSyntheticStaff,
  STAFFING_MEASURE_KEYS,
  type SyntheticStaffReport,
} from '../domain/staff/synthetic.ts';

export interface SeedSyntheticStaffOptions {
  /** Tags every row written, so the seeding can be traced (and undone) as one batch. */
  batchId: string;
  /** Overrides the seed derived from the district id. */
  seed?: number;
}

export interface SeedSyntheticStaffResult {
  status: 'seeded' | 'already_seeded';
  counts: { staff: number; assignments: number; ratings: number; credentials: number };
  /** What was generated and how: fallbacks used, figures matched only approximately. */
  report: SyntheticStaffReport | null;
}

export async function seedSyntheticStaff(
  db: Db,
  districtId: string,
  options: SeedSyntheticStaffOptions,
): Promise<SeedSyntheticStaffResult> {
  return db.transaction().execute(async (trx) => {
    // The lock makes a concurrent second seeding wait, then find the staff and stop.
    if (!(await lockDistrict(trx, districtId))) throw notFound('District');
    if (await hasSyntheticStaff(trx, districtId)) {
      return {
        status: 'already_seeded',
        counts: { staff: 0, assignments: 0, ratings: 0, credentials: 0 },
        report: null,
      };
    }
    const schools = await listSchoolLevels(trx, districtId);
    const values = await loadStaffingAggregates(trx, districtId, STAFFING_MEASURE_KEYS);
    const generated = generateSyntheticStaff({
      districtId,
      batchId: options.batchId,
      schools,
      values,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    // The batch row that every generated row points at, so the staff have a named source.
    await insertBatch(trx, {
      district_id: districtId,
      id: options.batchId,
      source_kind: 'demo',
      file_name: 'Synthetic staff, generated from the published staffing aggregates',
      file_sha256: createHash('sha256')
        .update(JSON.stringify({ districtId, seed: options.seed ?? null, values: values.length }))
        .digest('hex'),
      mapping_name: null,
      created_by: null,
    });
    await insertStaffRows(trx, generated);
    await refreshPlannerStatistics(trx);
    return {
      status: 'seeded',
      counts: {
        staff: generated.staff.length,
        assignments: generated.assignments.length,
        ratings: generated.ratings.length,
        credentials: generated.credentials.length,
      },
      report: generated.report,
    };
  });
}
