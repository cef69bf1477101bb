// The school-support API's response types, taken from the services that build them (as
// src/web/api/types.ts does for the other features).
export type { ContractDetail, ContractSummary } from '../../../services/contracts.ts';
export type { SupportOverview, OverviewSchool } from '../../../services/supports-overview.ts';
export type {
  CatalogueEntry,
  PlanView,
  PlanItemView,
  TierPolicy,
} from '../../../services/supports.ts';
export type { PracticeDetail, PracticeSummary } from '../../../services/practices.ts';
export type { ClustersView } from '../../../services/clusters.ts';

export interface SupportReference {
  schools: Array<{ id: string; name: string; level: string }>;
  measures: Array<{ key: string; label: string; unit: string; higherIsBetter: boolean | null }>;
  studentGroups: Array<{ key: string; label: string }>;
  supportKinds: Array<{ key: string; label: string }>;
  canManage: boolean;
}

export interface GoalGroup {
  measureKey: string;
  measureLabel: string;
  studentGroup: string;
  studentGroupLabel: string;
  schools: Array<{ schoolId: string; schoolName: string; schoolYear: number; statement: string }>;
}

export interface PocketsView {
  year: number | null;
  outcome: { key: string; label: string; source: string };
  outcomes: Array<{ key: string; label: string; years: number[] }>;
  method: string;
  pockets: Array<{
    schoolId: string;
    schoolName: string;
    group: string;
    groupLabel: string;
    measure: string;
    kind: 'residual' | 'growth';
    score: number;
    reason: string;
  }>;
}
