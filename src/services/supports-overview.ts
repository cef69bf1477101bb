// The school-support overview (the /support entry page): every school identified for support
// with its plan and contract, and the cost totals. Identification comes from the newest
// recorded identification run when there is one (what the district decided), otherwise from
// the North Carolina rule set run live on the latest year (src/services/diagnostics.ts);
// schools with a plan or a contract are listed too, identified or not.
import type { Db } from '../db/connection.ts';
import type { ContractStatus, PlanStatus } from '../db/schema.ts';
import type { Actor } from '../domain/access/access.ts';
import { listContracts } from './contracts.ts';
import { getDistrictDiagnostics } from './diagnostics.ts';
import { getIdentificationRun, listIdentificationRuns } from './identifications.ts';
import { roundCents } from './contracts-rules.ts';
import { listPlans } from './supports.ts';
import { assertCanReadSupport, canManageSupport } from './supports-access.ts';

export interface OverviewSchool {
  schoolId: string;
  schoolName: string;
  identified: boolean;
  tier: string | null;
  reasons: string[];
  plan: {
    id: string;
    schoolYear: number;
    status: PlanStatus;
    totalCost: number;
    items: number;
  } | null;
  contract: {
    id: string;
    partnerName: string;
    status: ContractStatus;
    targetsMet: number;
    targets: number;
    balance: number;
  } | null;
}

export interface SupportOverview {
  identification: { source: 'recorded' | 'live'; label: string; year: number | null };
  schools: OverviewSchool[];
  totals: {
    identified: number;
    withPlan: number;
    withContract: number;
    planCost: number;
    owedUnderContracts: number;
    paidUnderContracts: number;
  };
  canManage: boolean;
}

export async function getSupportOverview(db: Db, actor: Actor): Promise<SupportOverview> {
  assertCanReadSupport(actor);
  const runs = await listIdentificationRuns(db, actor);
  let identification: SupportOverview['identification'];
  const judged = new Map<
    string,
    { name: string; identified: boolean; tier: string | null; reasons: string[] }
  >();
  const newest = runs[0];
  if (newest) {
    const run = await getIdentificationRun(db, actor, newest.id);
    identification = {
      source: 'recorded',
      label: `${run.ruleSetName}, recorded ${run.runAt.slice(0, 10)}`,
      year: run.year,
    };
    for (const r of run.results) {
      judged.set(r.schoolId, {
        name: r.schoolName,
        identified: r.identified,
        tier: r.tier,
        reasons: r.reasons,
      });
    }
  } else {
    const d = await getDistrictDiagnostics(db, actor, {});
    identification = { source: 'live', label: `${d.ruleSet.name} (not recorded)`, year: d.year };
    for (const s of d.schools) {
      judged.set(s.id, {
        name: s.name,
        identified: s.identification.identified,
        tier: s.identification.tier,
        reasons: s.identification.reasons,
      });
    }
  }
  const [plans, contracts] = await Promise.all([listPlans(db, actor), listContracts(db, actor)]);
  const ids = new Set<string>();
  for (const [id, j] of judged) if (j.identified) ids.add(id);
  for (const p of plans) ids.add(p.schoolId);
  for (const c of contracts) ids.add(c.supportedSchool.id);

  const schools: OverviewSchool[] = [...ids].map((id) => {
    const j = judged.get(id);
    // The newest year's plan; the most recent contract that is not a draft, else any.
    const plan = plans
      .filter((p) => p.schoolId === id)
      .sort((a, b) => b.schoolYear - a.schoolYear)[0];
    const mine = contracts.filter((c) => c.supportedSchool.id === id);
    const contract = mine.find((c) => c.status === 'active') ?? mine[0];
    return {
      schoolId: id,
      schoolName: j?.name ?? plan?.schoolName ?? contract?.supportedSchool.name ?? id,
      identified: j?.identified ?? false,
      tier: j?.tier ?? null,
      reasons: j?.reasons ?? [],
      plan: plan
        ? {
            id: plan.id,
            schoolYear: plan.schoolYear,
            status: plan.status,
            totalCost: plan.totalCost,
            items: plan.items.length,
          }
        : null,
      contract: contract
        ? {
            id: contract.id,
            partnerName: contract.partnerSchool.name,
            status: contract.status,
            targetsMet: contract.targets.met,
            targets: contract.targets.total,
            balance: contract.balance,
          }
        : null,
    };
  });
  schools.sort(
    (a, b) =>
      Number(b.identified) - Number(a.identified) || a.schoolName.localeCompare(b.schoolName),
  );
  return {
    identification,
    schools,
    totals: {
      identified: schools.filter((s) => s.identified).length,
      withPlan: schools.filter((s) => s.plan !== null).length,
      withContract: schools.filter((s) => s.contract !== null).length,
      planCost: roundCents(plans.reduce((sum, p) => sum + p.totalCost, 0)),
      owedUnderContracts: roundCents(contracts.reduce((sum, c) => sum + c.owed, 0)),
      paidUnderContracts: roundCents(contracts.reduce((sum, c) => sum + c.paid, 0)),
    },
    canManage: canManageSupport(actor),
  };
}
