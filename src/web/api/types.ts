// The shapes the API returns. The district and school shapes are the services' own types
// (type-only imports: nothing of the server is bundled); the session comes from its schema.
import type { z } from 'zod';
import type { SessionSchema } from '../../server/schemas.ts';
import type { Figure } from '../../domain/shared/suppression.ts';
import type {
  DistrictOverview,
  MeasureInfo,
  SchoolDetail,
  SchoolSeries,
  SchoolSummary,
} from '../../services/schools.ts';
import type { Role } from '../../domain/access/access.ts';
import type { SchoolStaffList, StaffListEntry } from '../../services/staff.ts';
import type { DistrictDiagnostics } from '../../services/diagnostics.ts';
import type { SchoolDiagnostics } from '../../services/diagnostics-school.ts';
import type {
  IdentificationRunDetail,
  IdentificationRunSummary,
} from '../../services/identifications.ts';

export type {
  DistrictOverview,
  Figure,
  MeasureInfo,
  Role,
  SchoolDetail,
  SchoolSeries,
  SchoolSummary,
};

export type Session = z.infer<typeof SessionSchema>;
export type MeasureUnit = MeasureInfo['unit'];
export type MeasureCategory = MeasureInfo['category'];
export type SchoolLevel = SchoolSummary['level'];
export type SchoolSource = SchoolDetail['sources'][number];

/** GET /api/schools/{schoolId}/staff?year=YYYY[&ratings=true] */
export type StaffList = SchoolStaffList;
export type StaffMember = StaffListEntry;

/** GET /api/diagnostics, GET /api/schools/{schoolId}/diagnostics, /api/identifications */
export type {
  DistrictDiagnostics,
  IdentificationRunDetail,
  IdentificationRunSummary,
  SchoolDiagnostics,
};
export type DiagnosticSchoolRow = DistrictDiagnostics['schools'][number];
/** GET/POST /api/rule-sets, POST /api/rule-sets/preview (saved rule sets, issue 4) */
export type { RuleSetDraft, RuleSetPreview, SavedRuleSet } from '../../services/rule-sets.ts';
export type ExpectationClass = DiagnosticSchoolRow['classification'];

/** GET /api/equity, GET /api/equity/retention (staffing equity, issue 5) */
export type { EquityReportView } from '../../services/equity.ts';
export type { RetentionView } from '../../services/equity-retention.ts';

/** RFC 9457 problem details, as every API error is sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  problems?: Array<{ field: string; message: string }>;
}
