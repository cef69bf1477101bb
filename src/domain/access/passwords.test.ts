import { describe, expect, it } from 'vitest';
import {
  generateOneTimePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords.ts';

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long enough password', a)).toBe(true);
    expect(await verifyPassword('a long enough passworD', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('generates readable one-time passwords', () => {
    const p = generateOneTimePassword();
    expect(p).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(generateOneTimePassword()).not.toBe(p);
  });

  it('asks for length, not composition', () => {
    expect(passwordProblem('short')).toMatch(/12/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});
