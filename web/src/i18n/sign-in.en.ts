import type { signInZhCN } from './sign-in.zh-CN';

/** System → Sign-in methods, and the ways in on the sign-in page. */
export const signInEn: typeof signInZhCN = {
  signIn: {
    title: 'Sign-in methods',
    description: 'Which ways in the sign-in page offers and in what order, and how single sign-on and the directory are reached.',
    kinds: { password: 'Username and password', oidc: 'Single sign-on', ldap: 'Directory account (LDAP)' },
    order: {
      title: 'Order on the sign-in page',
      help: 'The sign-in page shows the enabled ways in this order; a way not offered does not appear (without username and password, every account signs in another way).',
      offered: 'Offered',
      up: 'Move up',
      down: 'Move down',
      notEnabled: 'not enabled yet',
      atLeastOne: 'Offer at least one way in',
      saved: 'The order of the ways in was saved',
    },
    oidc: {
      title: 'Single sign-on (OpenID Connect)',
      description: "Sign in with the organization's identity provider (authorization code with PKCE). Only an existing, active account with the same username may sign in; roles and organizations stay managed here.",
      enabled: 'Enable single sign-on',
      label: 'Button text',
      issuer: 'Issuer',
      issuerHelp: 'e.g. https://sso.example.gov.cn/realms/main; the other addresses are read from its /.well-known/openid-configuration.',
      clientId: 'Client ID',
      clientSecret: 'Client secret',
      secretSet: 'A secret is set; leave empty to keep it',
      secretNone: 'No secret (public client)',
      clearSecret: 'Remove the saved secret',
      scopes: 'Scopes',
      scopesHelp: 'Space-separated; openid is always asked for.',
      usernameClaim: 'Claim holding the username',
      usernameClaimHelp: "The ID token's field that equals the username here, often preferred_username, sub or a staff number.",
      createAccounts: 'Create accounts at first sign-in',
      createAccountsHelp: 'Off (the default): people without an account of that name cannot sign in. On: a read-only viewer account is created in the chosen organization, signing in through single sign-on only.',
      createOrg: 'Organization of new accounts',
      redirectUri: 'Redirect URI',
      redirectUriHelp: "Register this redirect URI at the identity provider; after signing out, the provider returns to this app's /login?reason=logout.",
      saved: 'Single sign-on settings saved',
    },
  },
  signInPage: {
    passwordTab: 'Username and password',
    or: 'or',
    oidcWorking: 'Completing single sign-on…',
  },
  passwordLogin: {
    label: 'Allow local password sign-in',
    help: 'When off, this account signs in only through single sign-on or the directory.',
  },
};
