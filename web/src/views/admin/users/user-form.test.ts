import { describe, expect, it } from 'vitest';
import type { User } from '@rectify/shared';
import { emptyForm, formFromUser, PHONE_PATTERN, toCreateBody, toUpdateBody, USERNAME_PATTERN } from './user-form';
import { listQuery, toUrlQuery } from './list-query';

const user = (overrides: Partial<User> = {}): User => ({
  id: 9,
  username: 'wang.clerk',
  displayName: '王经办',
  role: 'branch',
  orgId: 4,
  orgName: '江川市公安局党委',
  phone: '13800000000',
  email: null,
  disabled: false,
  mustChangePassword: false,
  localSignIn: true,
  createdAt: '2026-05-01T00:00:00.000Z',
  ...overrides,
});

describe('the user form', () => {
  it('a new user is sent without a password (the server generates one), trimmed, with empty contact fields as null', () => {
    const body = toCreateBody({ ...emptyForm(), username: ' li.clerk ', displayName: ' 李经办 ', role: 'branch', orgId: 7, phone: ' ', email: 'li@example.cn' });
    expect(body).toEqual({ username: 'li.clerk', displayName: '李经办', role: 'branch', orgId: 7, phone: null, email: 'li@example.cn' });
    expect(body).not.toHaveProperty('password');
  });

  it('an edit sends only what changed, so an unchanged role or organization does not end the user\'s sessions', () => {
    const form = formFromUser(user());
    expect(toUpdateBody(form, user())).toEqual({});
    expect(toUpdateBody({ ...form, displayName: '王经办（新）', phone: '' }, user())).toEqual({ displayName: '王经办（新）', phone: null });
    expect(toUpdateBody({ ...form, role: 'viewer', orgId: 5 }, user())).toEqual({ role: 'viewer', orgId: 5 });
  });

  it('checks usernames and mobile numbers as the API does', () => {
    expect(USERNAME_PATTERN.test('li.clerk@jc')).toBe(true);
    expect(USERNAME_PATTERN.test('李经办')).toBe(false);
    expect(USERNAME_PATTERN.test('a')).toBe(false);
    expect(PHONE_PATTERN.test('13800000000')).toBe(true);
    expect(PHONE_PATTERN.test('+8613800000000')).toBe(true);
    expect(PHONE_PATTERN.test('0871-1234567')).toBe(false);
  });
});

describe('the user list address', () => {
  it('reads search, role, organization and state from the address and drops what it does not know', () => {
    expect(listQuery({ q: '王', role: 'branch', orgId: '4', state: 'disabled', page: '2', pageSize: '50' })).toEqual({ q: '王', role: 'branch', orgId: 4, state: 'disabled', page: 2, pageSize: 50 });
    expect(listQuery({ role: 'root', orgId: '-1', state: 'gone', pageSize: '7' })).toEqual({ q: undefined, role: undefined, orgId: undefined, state: undefined, page: 1, pageSize: 20 });
  });

  it('writes only what differs from the plain page', () => {
    expect(toUrlQuery({ page: 1, pageSize: 20 })).toEqual({ page: undefined, pageSize: undefined, q: undefined, role: undefined, orgId: undefined, state: undefined });
    expect(toUrlQuery({ page: 3, pageSize: 20, orgId: 4, state: 'active' })).toMatchObject({ page: '3', orgId: '4', state: 'active' });
  });
});
