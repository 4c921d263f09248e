// Every Drizzle table of the app, for drizzle-kit and the typed query builder.
export * from '../modules/orgs/orgs.table.js';
export * from '../modules/users/users.table.js';
export * from '../modules/auth/auth.table.js';
