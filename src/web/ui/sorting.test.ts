import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './sorting.ts';

describe('nextSort', () => {
  it('reverses the sorted column', () => {
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'name', false)).toEqual({
      key: 'name',
      direction: 'descending',
    });
  });

  it('starts numbers at the largest and text at A', () => {
    const current = { key: 'name', direction: 'ascending' } as const;
    expect(nextSort(current, 'enrollment', true).direction).toBe('descending');
    expect(nextSort(current, 'city', false).direction).toBe('ascending');
  });
});

describe('sortRows', () => {
  const rows = [
    { name: 'School 10', value: 3 },
    { name: 'School 9', value: null },
    { name: 'School 2', value: 3 },
    { name: 'School 1', value: 7 },
  ];

  it('puts rows without a value last in both directions, ties by name in number order', () => {
    const names = (direction: 'ascending' | 'descending') =>
      sortRows(
        rows,
        (r) => r.value,
        direction,
        (r) => r.name,
      ).map((r) => r.name);
    expect(names('ascending')).toEqual(['School 2', 'School 10', 'School 1', 'School 9']);
    expect(names('descending')).toEqual(['School 1', 'School 2', 'School 10', 'School 9']);
  });
});
