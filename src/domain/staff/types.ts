// Types shared by the synthetic-staff modules. The output rows have the shapes of the staff
// tables (src/db/migrations/001-foundation.sql) so the service can write them as they are.

/** One school-level staffing figure as imported (measure_values, student group 'all'). */
export interface StaffingValue {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  /** Percent on the 0–100 scale, or a count; null unless status is 'reported'. */
  value: number | null;
  n: number | null;
  status: 'reported' | 'suppressed' | 'missing';
}

export interface SchoolInfo {
  id: string;
  level: string;
}

export type CredentialStatus = 'full' | 'provisional' | 'lateral_entry' | 'other';
export type RatingLabel = 'Needs Improvement' | 'Effective' | 'Highly Effective';

/** Where a target came from, best first. */
export type TargetSource =
  'published' | 'same_year_n' | 'nearest_year' | 'district_median' | 'default';

export interface FallbackNote {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  source: Exclude<TargetSource, 'published'>;
  /** The year the value was taken from (nearest year), else null. */
  fromYear: number | null;
  value: number | null;
}

/** A published figure the generated people could not reproduce exactly, and why. */
export interface AdjustmentNote {
  schoolId: string;
  schoolYear: number;
  measureKey: string;
  message: string;
}

export interface Notes {
  fallbacks: FallbackNote[];
  adjustments: AdjustmentNote[];
}

/** A generated person while the years are being modelled. */
export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  /** Teachers: years of teaching experience. Principals: years as a principal. */
  experience: number;
  subject: string | null;
  isInField: boolean | null;
  /** The level group of the school whose subject list the subject came from. */
  subjectGroup: 'elementary' | 'secondary' | null;
  credential: CredentialStatus | null;
  /** Consecutive modelled years in the current credential status. */
  credentialYears: number;
  spans: CredentialSpan[];
}

export interface CredentialSpan {
  status: CredentialStatus;
  fromYear: number;
  toYear: number;
  subject: string | null;
}

export interface SyntheticStaffRow {
  district_id: string;
  id: string;
  first_name: string;
  last_name: string;
  is_synthetic: true;
  batch_id: string | null;
}

export interface SyntheticAssignmentRow {
  district_id: string;
  staff_id: string;
  school_id: string;
  school_year: number;
  role: 'teacher' | 'principal';
  fte: number;
  subject: string | null;
  is_in_field: boolean | null;
  years_experience: number;
  batch_id: string | null;
}

export interface SyntheticRatingRow {
  district_id: string;
  staff_id: string;
  school_year: number;
  rating: RatingLabel;
  rating_scale: 'NC EVAAS';
  batch_id: string | null;
}

export interface SyntheticCredentialRow {
  district_id: string;
  staff_id: string;
  credential_id: string;
  status: CredentialStatus;
  subject: string | null;
  issued_on: string;
  expires_on: string | null;
  batch_id: string | null;
}
