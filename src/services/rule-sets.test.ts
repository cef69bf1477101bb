// Saved rule sets (issue #4, migration 005): validation, permissions, the round trip through the
// database, and that a saved rule set identifies exactly the schools the same settings identify
// when run inline by the domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/connection.ts';
import {
  makeBatch,
  makeDistrict,
  makeMeasure,
  makeMeasureValues,
  makeSchool,
} from '../db/factories.ts';
import { createTestDb } from '../db/testing.ts';
import type { Actor } from '../domain/access/access.ts';
import { runRuleSet } from '../domain/diagnostics/identification.ts';
import { RuleSetSchema, federalEssaPreset } from '../domain/diagnostics/rule-set.ts';
import { loadDiagnosticData } from './diagnostics-data.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import { getIdentificationRun, runIdentification } from './identifications.ts';
import {
  createSavedRuleSet,
  deleteSavedRuleSet,
  getSavedRuleSet,
  listSavedRuleSets,
  previewRuleSet,
  updateSavedRuleSet,
  type RuleSetDraft,
} from './rule-sets.ts';

let handle: DbHandle;
let districtId: string;
let leader: Actor;
let analyst: Actor;

const SCHOOLS = 20;
const YEARS = [2017, 2018, 2019];
const score = (i: number, year: number) => 40 + 2.5 * i + (year - 2017);

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  districtId = (await makeDistrict(db, { name: 'Rule County' })).id;
  for (let i = 0; i < SCHOOLS; i++) {
    await makeSchool(db, districtId, { id: `R${i}`, name: `School ${i}`, is_title_i: i % 3 !== 2 });
  }
  for (const [key, unit, category] of [
    ['spg_score', 'score', 'outcome'],
    ['pct_econ_disadv', 'percent', 'profile'],
  ] as const) {
    await makeMeasure(db, districtId, { key, unit, category });
  }
  const batch = await makeBatch(db, districtId);
  await makeMeasureValues(
    db,
    YEARS.flatMap((year) =>
      Array.from({ length: SCHOOLS }, (_, i) => {
        const at = { district_id: districtId, school_id: `R${i}`, school_year: year };
        return [
          { ...at, measure_key: 'spg_score', value: score(i, year), n: 300 },
          { ...at, measure_key: 'pct_econ_disadv', value: 80 - 3 * i, n: 300 },
        ];
      }).flat(),
    ),
    batch,
  );
  for (const [name, role] of [
    ['leader', 'district_leader'],
    ['analyst', 'analyst'],
  ] as const) {
    const id =
      name === 'leader'
        ? '00000000-0000-4000-8000-00000000000a'
        : '00000000-0000-4000-8000-00000000000b';
    await db
      .insertInto('users')
      .values({
        id,
        district_id: districtId,
        username: name,
        display_name: name,
        password_hash: 'x',
      })
      .execute();
    const actor: Actor = {
      userId: id,
      districtId,
      username: name,
      displayName: name,
      staffId: null,
      grants: [{ role, schoolId: null }],
    };
    if (role === 'district_leader') leader = actor;
    else analyst = actor;
  }
});
afterAll(() => handle.close());

/** The federal frame with the CSI cut raised to 20% and the district's own tiers. */
function draft(name: string, csiPercent = 20): RuleSetDraft {
  const preset = federalEssaPreset({ csiPercent, withTiers: false });
  return {
    name,
    basedOn: 'federal-essa',
    minimumN: 10,
    rules: [
      ...preset.rules,
      {
        kind: 'threshold_tier',
        tiers: [
          {
            tier: 'intensive',
            match: 'all',
            conditions: [{ kind: 'designation', designation: 'csi' }],
          },
          {
            tier: 'targeted',
            match: 'all',
            conditions: [{ kind: 'measure', measure: 'spg_score', comparison: '<', value: 60 }],
          },
        ],
        otherwise: 'universal',
      },
    ],
  };
}

describe('saved rule sets', () => {
  it('round-trips through the database with its defaults filled in, audited', async () => {
    const saved = await createSavedRuleSet(handle.db, leader, draft('Wider CSI'));
    expect(saved).toMatchObject({ name: 'Wider CSI', basedOn: 'federal-essa' });
    expect(saved.createdBy).toEqual({ userId: leader.userId, name: 'leader' });
    expect(saved.ruleSet.id).toBe(saved.id);
    expect(saved.ruleSet.rules[0]).toMatchObject({ kind: 'csi_lowest_percent', percent: 20 });
    expect(await getSavedRuleSet(handle.db, analyst, saved.id)).toEqual(saved);
    expect((await listSavedRuleSets(handle.db, analyst)).map((r) => r.name)).toContain('Wider CSI');

    const changed = await updateSavedRuleSet(handle.db, leader, saved.id, {
      ...draft('Wider CSI', 25),
      name: 'Widest CSI',
    });
    expect(changed.name).toBe('Widest CSI');
    expect(changed.ruleSet.rules[0]).toMatchObject({ percent: 25 });
    const audit = await handle.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('subject_id', '=', saved.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['rule_set.create', 'rule_set.update']);

    await deleteSavedRuleSet(handle.db, leader, saved.id);
    await expect(getSavedRuleSet(handle.db, leader, saved.id)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('refuses anyone but a district leader to change rules', async () => {
    await expect(createSavedRuleSet(handle.db, analyst, draft('Nope'))).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const saved = await createSavedRuleSet(handle.db, leader, draft('Leader only'));
    await expect(
      updateSavedRuleSet(handle.db, analyst, saved.id, draft('X')),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(deleteSavedRuleSet(handle.db, analyst, saved.id)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const stranger: Actor = { ...analyst, grants: [] };
    await expect(listSavedRuleSets(handle.db, stranger)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('validates: bad numbers, unknown measures, a minimum n below the floor, a taken name', async () => {
    const bad = draft('Bad', 0);
    await expect(createSavedRuleSet(handle.db, leader, bad)).rejects.toMatchObject({
      kind: 'bad_request',
    });
    await expect(
      createSavedRuleSet(handle.db, leader, { ...draft('Low n'), minimumN: 3 }),
    ).rejects.toMatchObject({ kind: 'bad_request' });
    const typo = draft('Typo');
    typo.rules = [{ kind: 'csi_lowest_percent', measure: 'spg_scor', percent: 5 }];
    await expect(createSavedRuleSet(handle.db, leader, typo)).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringContaining('spg_scor'),
    });
    await createSavedRuleSet(handle.db, leader, draft('Taken'));
    await expect(createSavedRuleSet(handle.db, leader, draft('Taken'))).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('identifies exactly what the same settings identify inline, in the diagnostics, the preview and a recorded run', async () => {
    const saved = await createSavedRuleSet(handle.db, leader, draft('Compared'));
    const data = await loadDiagnosticData(handle.db, districtId);
    const inline = runRuleSet(
      RuleSetSchema.parse({ ...draft('Compared'), id: 'inline', presetOf: 'federal-essa' }),
      data.rows,
      2019,
    );
    const expected = new Map(inline.map((r) => [r.schoolId, [r.identified, r.tier]]));
    // 20% of the 14 Title I schools: the lowest 2.8 → at least 2 identified for CSI.
    expect(inline.filter((r) => r.identified).length).toBeGreaterThanOrEqual(2);

    const d = await getDistrictDiagnostics(handle.db, analyst, { year: 2019, ruleSet: saved.id });
    expect(d.ruleSet).toMatchObject({ key: saved.id, name: 'Compared' });
    expect(
      new Map(d.schools.map((s) => [s.id, [s.identification.identified, s.identification.tier]])),
    ).toEqual(expected);

    const preview = await previewRuleSet(handle.db, analyst, { draft: draft(''), year: 2019 });
    expect(new Map(preview.schools.map((s) => [s.id, [s.identified, s.tier]]))).toEqual(expected);

    const run = await runIdentification(handle.db, leader, { ruleSet: saved.id, year: 2019 });
    const recorded = await getIdentificationRun(handle.db, analyst, run.id);
    expect(recorded.ruleSetName).toBe('Compared');
    expect(new Map(recorded.results.map((r) => [r.schoolId, [r.identified, r.tier]]))).toEqual(
      expected,
    );
    // A changed percent identifies more schools, live, before saving.
    const wider = await previewRuleSet(handle.db, analyst, { draft: draft('', 50), year: 2019 });
    expect(wider.identified).toBeGreaterThan(preview.identified);
  });

  it('answers an unknown rule set id with a problem, not the default', async () => {
    await expect(
      getDistrictDiagnostics(handle.db, analyst, {
        ruleSet: '7f1c7a8e-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ kind: 'bad_request' });
  });
});
