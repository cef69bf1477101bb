// Shapes of the matching API's answers as the pages read them (src/server/matching-schemas.ts).
export interface Pair {
  from: string;
  to: string;
}

export interface PartnerPairView {
  needingId: string;
  needingName: string;
  partnerId: string;
  partnerName: string;
  fit: number;
  contextDistance: number;
  km: number | null;
  isPinned: boolean;
  cost: number;
  reasons: string[];
}

export interface PartnerMatchView {
  year: number;
  ruleSetName: string;
  pairs: PartnerPairView[];
  unmatched: Array<{ id: string; name: string; reason: string }>;
  partners: Array<{ id: string; name: string; capacity: number; used: number }>;
  objective: number;
  candidatePairs: number;
  method: string;
  travelNote: string;
  needingCount: number;
  strongCount: number;
  canRecord: boolean;
}

export interface RunSummary {
  id: string;
  year: number;
  objective: number;
  summary: string;
  runAt: string;
  runBy: string | null;
}

export interface RecommendationView {
  principalId: string;
  principalName: string;
  schoolId: string;
  schoolName: string;
  fromSchoolId: string | null;
  kind: 'move' | 'must_move' | 'aspiring' | 'pinned';
  value: number;
  newContexts: string[];
  explanation: string[];
}

export interface PlacementView {
  year: number;
  scope: 'district' | 'caseload';
  recommendations: RecommendationView[];
  unfilled: Array<{ schoolId: string; schoolName: string; reason: string }>;
  vacated: Array<{ schoolId: string; schoolName: string; principalName: string }>;
  moves: number;
  maxMoves: number;
  totalValue: number;
  method: string;
  posts: Array<{
    schoolId: string;
    schoolName: string;
    need: number | null;
    isOpen: boolean;
    openReason: string | null;
    incumbent: string | null;
  }>;
  principals: Array<{
    id: string;
    name: string;
    schoolId: string | null;
    yearsAsPrincipal: number;
    rating: string | null;
    contexts: number;
  }>;
}

export interface PostView {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolYear: number;
  reason: string;
  status: string;
  note: string;
}

export interface ResidencyView {
  id: string;
  residentStaffId: string;
  residentName: string;
  firstSchoolId: string;
  firstSchoolName: string;
  firstMentorName: string | null;
  secondSchoolId: string;
  secondSchoolName: string;
  secondMentorName: string | null;
  startsOn: string;
  endsOn: string;
  status: string;
  note: string;
  canEdit: boolean;
}
