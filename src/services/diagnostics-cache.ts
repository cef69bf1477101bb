// The per-district cache of computed diagnostics (issue #4: a school page under 50 ms at p95).
// Loading every figure of a district and running the regression, the rule set on every year and
// the peer search takes about a second on the demo district; a school page needs only one
// school's slice of it. So what the district computes is kept per district, keyed by the
// district's data version (migration 005: districts.data_version, bumped by triggers in the same
// transaction as every import batch, rollback, saved rule set and recorded identification) and,
// inside one version, by what was computed (year, outcome, rule set settings, minimum n).
//
// Each request reads the version in one indexed query, so that several server processes sharing
// one PostgreSQL database never serve figures older than the last committed write: a process
// whose cache holds an older version drops it and loads again. The version is read before the
// figures, so a snapshot is never older than the version it is filed under (a write committed
// in between only makes the next request load again). Permissions are not cached: every service
// checks the actor before it asks for a snapshot.
import type { Db } from '../db/connection.ts';
import { bumpDistrictDataVersion, getDistrictDataVersion } from '../db/queries/diagnostics.ts';
import { listMeasures } from '../db/queries/schools.ts';
import { runRuleSet, type SchoolIdentification } from '../domain/diagnostics/identification.ts';
import { computeNeedIndex, type NeedIndex } from '../domain/diagnostics/need-index.ts';
import { findDemographicPeers, type PeerSet } from '../domain/diagnostics/peers.ts';
import {
  assessPerformanceAgainstPoverty,
  type ExpectationResult,
} from '../domain/diagnostics/regression.ts';
import type { RuleSet } from '../domain/diagnostics/rule-set.ts';
import type { SchoolYearFigures } from '../domain/diagnostics/types.ts';
import { notFound } from '../domain/shared/errors.ts';
import { loadDiagnosticData, type DiagnosticData } from './diagnostics-data.ts';
import { EXPECTATION_YEARS, DISTRICT_PEER_COUNT } from './diagnostics-shared.ts';

type MeasureRow = Awaited<ReturnType<typeof listMeasures>>[number];

/** Results kept per district and version; the least recently used go first beyond this. */
const MAX_RESULTS_PER_DISTRICT = 256;
/** Districts kept; a server usually serves one. */
const MAX_DISTRICTS = 8;

/**
 * One district's figures at one data version, and what has been computed from them. Every
 * method computes on first use and returns the same object afterwards: callers must not mutate.
 */
export class DiagnosticsSnapshot {
  private readonly results = new Map<string, unknown>();
  private readonly byYear = new Map<number, SchoolYearFigures[]>();

  constructor(
    readonly districtId: string,
    readonly version: number,
    readonly data: DiagnosticData,
    readonly measures: readonly MeasureRow[],
  ) {}

  private memo<T>(key: string, compute: () => T): T {
    if (this.results.has(key)) {
      const hit = this.results.get(key) as T;
      // Least recently used order: a hit moves to the end.
      this.results.delete(key);
      this.results.set(key, hit);
      return hit;
    }
    const value = compute();
    this.results.set(key, value);
    if (this.results.size > MAX_RESULTS_PER_DISTRICT) {
      const oldest = this.results.keys().next();
      if (!oldest.done) this.results.delete(oldest.value);
    }
    return value;
  }

  /** The rows of one school year. */
  rowsOfYear(year: number): SchoolYearFigures[] {
    let rows = this.byYear.get(year);
    if (rows === undefined) {
      rows = this.data.rows.filter((r) => r.year === year);
      this.byYear.set(year, rows);
    }
    return rows;
  }

  /** The rule set's result for every school in a year, by school. Keyed by the full settings. */
  identification(ruleSet: RuleSet, year: number): ReadonlyMap<string, SchoolIdentification> {
    return this.memo(
      `identification\u0000${year}\u0000${JSON.stringify(ruleSet)}`,
      () => new Map(runRuleSet(ruleSet, this.data.rows, year).map((r) => [r.schoolId, r])),
    );
  }

  /** Each school's result against poverty (the CRPE method over EXPECTATION_YEARS years). */
  expectations(outcome: string, year: number, minimumN: number): ExpectationResult {
    return this.memo(`expectations\u0000${outcome}\u0000${year}\u0000${minimumN}`, () =>
      assessPerformanceAgainstPoverty(this.data.rows, {
        outcome,
        year,
        minimumN,
        method: { kind: 'crpe', alpha: 0.05, years: EXPECTATION_YEARS },
      }),
    );
  }

  /** Every school's nearest demographic peers in a year, by school. */
  peers(year: number): ReadonlyMap<string, PeerSet> {
    return this.memo(
      `peers\u0000${year}`,
      () =>
        new Map(
          findDemographicPeers(this.rowsOfYear(year), { k: DISTRICT_PEER_COUNT }).map((p) => [
            p.schoolId,
            p,
          ]),
        ),
    );
  }

  /** Every school's need index in a year, by school. */
  needIndex(year: number): ReadonlyMap<string, NeedIndex> {
    return this.memo(
      `need\u0000${year}`,
      () => new Map(computeNeedIndex(this.rowsOfYear(year)).map((n) => [n.schoolId, n])),
    );
  }

  /** Anything else a service computes from the snapshot, under a key that names all it depends on. */
  computed<T>(key: string, compute: () => T): T {
    return this.memo(`other\u0000${key}`, compute);
  }
}

type Held = Map<string, { version: number; snapshot: Promise<DiagnosticsSnapshot> }>;
/** Per database (tests open several in one process; a server has one), then per district. */
let byDatabase = new WeakMap<Db, Held>();

/**
 * The district's figures and what has been computed from them, at the current data version.
 * The caller has checked the actor's permissions.
 */
export async function diagnosticsSnapshot(
  db: Db,
  districtId: string,
): Promise<DiagnosticsSnapshot> {
  const version = await getDistrictDataVersion(db, districtId);
  if (version === null) throw notFound('The district');
  let snapshots = byDatabase.get(db);
  if (snapshots === undefined) {
    snapshots = new Map();
    byDatabase.set(db, snapshots);
  }
  const held = snapshots.get(districtId);
  if (held !== undefined && held.version === version) {
    // Most recently used district last.
    snapshots.delete(districtId);
    snapshots.set(districtId, held);
    return held.snapshot;
  }
  const snapshot = (async () => {
    const [data, measures] = await Promise.all([
      loadDiagnosticData(db, districtId),
      listMeasures(db, districtId),
    ]);
    return new DiagnosticsSnapshot(districtId, version, data, measures);
  })();
  snapshots.delete(districtId);
  snapshots.set(districtId, { version, snapshot });
  // A failed load is not kept: the next request tries again.
  const kept = snapshots;
  snapshot.catch(() => {
    if (kept.get(districtId)?.snapshot === snapshot) kept.delete(districtId);
  });
  while (snapshots.size > MAX_DISTRICTS) {
    const oldest = snapshots.keys().next();
    if (oldest.done) break;
    snapshots.delete(oldest.value);
  }
  return snapshot;
}

/**
 * Marks the district's figures as changed, for a write the triggers of migration 005 do not see
 * (they cover import_batches, identification_runs and rule_sets). Call it inside the writing
 * transaction, so that the new version and the new figures commit together.
 */
export async function markDistrictDataChanged(db: Db, districtId: string): Promise<void> {
  await bumpDistrictDataVersion(db, districtId);
}

/** Drops every cached snapshot (tests; a process that wants its memory back). */
export function clearDiagnosticsCache(): void {
  byDatabase = new WeakMap();
}
