import { describe, expect, it } from 'vitest';
import { handoffCode, layoutWays } from './sign-in-ways';

describe('sign-in ways', () => {
  it('when the server has not answered, it offers the password form alone', () => {
    expect(layoutWays(null)).toEqual({ formWays: [{ kind: 'password' }], oidc: null, oidcFirst: false });
  });

  it('when single sign-on is ordered first, its button comes before the form, whose tabs keep their order', () => {
    const oidc = { kind: 'oidc' as const, label: '统一身份认证登录' };
    const ldap = { kind: 'ldap' as const, label: '目录账号' };
    expect(layoutWays([oidc, ldap, { kind: 'password' }])).toEqual({ formWays: [ldap, { kind: 'password' }], oidc, oidcFirst: true });
    expect(layoutWays([{ kind: 'password' }, oidc]).oidcFirst).toBe(false);
    expect(layoutWays([oidc])).toEqual({ formWays: [], oidc, oidcFirst: true });
  });

  it('when the address carries a hand-off code in its fragment, it is read from there only', () => {
    expect(handoffCode('#oidc=abc123')).toBe('abc123');
    expect(handoffCode('')).toBeNull();
  });
});
