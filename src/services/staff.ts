// A school's staff list. Personnel data: only roles whose scope covers the school may see it
// (DOMAIN.md §2), and an individual's evaluation rating is shown only on request, to those
// allowed, with one audit event per person whose rating was read.
import type { Actor } from '../domain/access/access.ts';
import { canViewIndividualRatings, canViewSchoolStaff } from '../domain/access/access.ts';
import { forbidden, notFound } from '../domain/shared/errors.ts';
import type { Db } from '../db/connection.ts';
import type { CredentialStatus, StaffRole } from '../db/schema.ts';
import { getSchool } from '../db/queries/schools.ts';
import { getStaffRatings, listSchoolStaff, listStaffYears } from '../db/queries/staff.ts';
import { recordAudit } from './audit.ts';

export interface StaffListEntry {
  id: string;
  name: string;
  isSynthetic: boolean;
  role: StaffRole;
  subject: string | null;
  fte: number;
  yearsExperience: number | null;
  isInField: boolean | null;
  licence: CredentialStatus | null;
  rating: string | null;
}

export interface SchoolStaffList {
  schoolId: string;
  year: number | null;
  years: number[];
  isSynthetic: boolean;
  canSeeRatings: boolean;
  ratingsIncluded: boolean;
  staff: StaffListEntry[];
}

export async function getSchoolStaff(
  db: Db,
  actor: Actor,
  schoolId: string,
  options: { year?: number; includeRatings?: boolean } = {},
): Promise<SchoolStaffList> {
  const school = await getSchool(db, actor.districtId, schoolId);
  if (!school) throw notFound(`School ${schoolId}`);
  if (!canViewSchoolStaff(actor, schoolId)) {
    throw forbidden('Your role does not give access to this school’s staff.');
  }
  const years = await listStaffYears(db, actor.districtId, schoolId);
  const year = options.year ?? years[years.length - 1] ?? null;
  if (options.year !== undefined && !years.includes(options.year)) {
    throw notFound(`Staff for ${schoolId} in ${options.year}`);
  }
  const canSeeRatings = canViewIndividualRatings(actor, schoolId);
  const members = year === null ? [] : await listSchoolStaff(db, actor.districtId, schoolId, year);
  const ratingsIncluded = Boolean(options.includeRatings && canSeeRatings && year !== null);
  if (options.includeRatings && !canSeeRatings) {
    throw forbidden('Your role does not give access to individual ratings.');
  }
  const ratings = new Map<string, string>();
  if (ratingsIncluded && year !== null) {
    const rows = await getStaffRatings(
      db,
      actor.districtId,
      members.map((m) => m.staffId),
      year,
    );
    for (const r of rows) ratings.set(r.staffId, r.rating);
    // Every read of an individual's rating is audited (DOMAIN.md §2), one event per person.
    await recordAudit(
      db,
      actor,
      ...rows.map((r) => ({
        action: 'rating_read',
        subjectType: 'staff',
        subjectId: r.staffId,
        detail: { schoolId, schoolYear: year },
      })),
    );
  }
  return {
    schoolId,
    year,
    years,
    isSynthetic: members.length > 0 && members.every((m) => m.isSynthetic),
    canSeeRatings,
    ratingsIncluded,
    staff: members.map((m) => ({
      id: m.staffId,
      name: `${m.firstName} ${m.lastName}`,
      isSynthetic: m.isSynthetic,
      role: m.role,
      subject: m.subject,
      fte: m.fte,
      yearsExperience: m.yearsExperience,
      isInField: m.isInField,
      licence: m.credentialStatus,
      rating: ratings.get(m.staffId) ?? null,
    })),
  };
}
