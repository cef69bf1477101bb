import { describe, expect, it } from 'vitest';
import {
  canImportData,
  canManageUsers,
  canViewIndividualRatings,
  canViewSchoolStaff,
  scopedSchools,
  type Actor,
  type Grant,
} from './access.ts';

const actor = (...grants: Grant[]): Actor => ({
  userId: 'u',
  districtId: 'd',
  username: 'u',
  displayName: 'U',
  staffId: null,
  grants,
});

describe('access rules (DOMAIN.md §2)', () => {
  it('lets a principal see only their own school’s staff', () => {
    const principal = actor({ role: 'principal', schoolId: 'A' });
    expect(canViewSchoolStaff(principal, 'A')).toBe(true);
    expect(canViewSchoolStaff(principal, 'B')).toBe(false);
    expect(canViewIndividualRatings(principal, 'B')).toBe(false);
  });

  it('lets a supervisor see the schools in their caseload', () => {
    const supervisor = actor(
      { role: 'principal_supervisor', schoolId: 'A' },
      { role: 'principal_supervisor', schoolId: 'C' },
    );
    expect(canViewSchoolStaff(supervisor, 'C')).toBe(true);
    expect(canViewSchoolStaff(supervisor, 'B')).toBe(false);
    expect(scopedSchools(supervisor)).toEqual(['A', 'C']);
  });

  it('gives analysts aggregates and imports but not individual staff or ratings', () => {
    const analyst = actor({ role: 'analyst', schoolId: null });
    expect(canViewSchoolStaff(analyst, 'A')).toBe(false);
    expect(canViewIndividualRatings(analyst, 'A')).toBe(false);
    expect(canImportData(analyst)).toBe(true);
    expect(canManageUsers(analyst)).toBe(false);
  });

  it('gives HR and the district leader every school', () => {
    for (const role of ['hr', 'district_leader'] as const) {
      const a = actor({ role, schoolId: null });
      expect(canViewSchoolStaff(a, 'Z')).toBe(true);
      expect(canViewIndividualRatings(a, 'Z')).toBe(true);
      expect(scopedSchools(a)).toBe('all');
    }
  });

  it('gives finance and teachers no access to other people’s records', () => {
    expect(canViewSchoolStaff(actor({ role: 'finance', schoolId: null }), 'A')).toBe(false);
    expect(canViewSchoolStaff(actor({ role: 'teacher', schoolId: 'A' }), 'A')).toBe(false);
  });
});
