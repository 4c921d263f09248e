// Every Drizzle table of the app, for drizzle-kit and the typed query builder.
export * from '../modules/orgs/orgs.table.js';
export * from '../modules/users/users.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/categories/categories.table.js';
export * from '../modules/settings/settings.table.js';
export * from '../modules/items/items.table.js';
export * from '../modules/evidence/evidence.table.js';
export * from '../modules/jobs/jobs.table.js';
export * from '../modules/notifications/notifications.table.js';
export * from '../modules/notices/notices.table.js';
export * from '../modules/reports/reports.table.js';
export * from '../modules/reviews/reviews.table.js';
export * from '../modules/common-problems/common-problems.table.js';
export * from '../modules/idempotency/idempotency.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/api-tokens/api-tokens.table.js';
export * from '../modules/oidc/oidc.table.js';
