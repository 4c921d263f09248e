import type { SignInMethods } from '@rectify/shared';

export type Way = SignInMethods['methods'][number];
/** The ways typed into the form: the local password and the directory's, each a tab when both are offered. */
export type FormWay = Extract<Way, { kind: 'password' | 'ldap' }>;

/**
 * How the sign-in page lays out the ways the administrator ordered: the form's tabs in their order, the single
 * sign-on button, and whether the button comes before the form. Without an answer from the server, the password form.
 */
export function layoutWays(methods: Way[] | null) {
  const ways = methods ?? [{ kind: 'password' }];
  const formWays = ways.filter((w): w is FormWay => w.kind !== 'oidc');
  const oidc = ways.find((w) => w.kind === 'oidc') ?? null;
  const oidcFirst = oidc !== null && ways.indexOf(oidc) < ways.findIndex((w) => w.kind !== 'oidc');
  return { formWays, oidc, oidcFirst: oidcFirst || (oidc !== null && formWays.length === 0) };
}

/** The one-time code single sign-on put in the address's fragment (`#oidc=…`), never sent to a server by the browser. */
export function handoffCode(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('oidc');
}
