import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../api/types.ts';
import { filterStaff, sortStaff, staffColumns, totalFte } from './staff-model.ts';

const person = (id: string, name: string, extra: Partial<StaffMember> = {}): StaffMember => ({
  id,
  name,
  isSynthetic: true,
  role: 'teacher',
  subject: 'Math',
  fte: 1,
  yearsExperience: 5,
  isInField: true,
  licence: 'full',
  rating: null,
  ...extra,
});

const staff = [
  person('1', 'Ana Diaz', { yearsExperience: 12 }),
  person('2', 'Ben Cole', { subject: 'English', yearsExperience: null, fte: 0.5 }),
  person('3', 'Cara Moss', { role: 'assistant_principal', subject: null, yearsExperience: 20 }),
];

describe('staff table', () => {
  it('shows the rating column only when the list carries ratings', () => {
    expect(staffColumns(false).map((c) => c.key)).not.toContain('rating');
    expect(staffColumns(true).map((c) => c.key)).toContain('rating');
  });

  it('sorts by experience with unknowns last', () => {
    const sorted = sortStaff(staff, { key: 'yearsExperience', direction: 'descending' });
    expect(sorted.map((m) => m.name)).toEqual(['Cara Moss', 'Ana Diaz', 'Ben Cole']);
  });

  it('finds people by any word', () => {
    expect(filterStaff(staff, 'english').map((m) => m.name)).toEqual(['Ben Cole']);
    expect(filterStaff(staff, 'assistant principal moss').map((m) => m.name)).toEqual([
      'Cara Moss',
    ]);
    expect(filterStaff(staff, '  ')).toHaveLength(3);
  });

  it('adds FTE', () => {
    expect(totalFte(staff)).toBe(2.5);
  });
});
