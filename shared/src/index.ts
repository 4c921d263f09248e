export * from './errors.js';
export * from './roles.js';
export * from './schemas/common.js';
export * from './schemas/auth.js';
export * from './schemas/orgs.js';
export * from './schemas/users.js';
export * from './schemas/items.js';
export * from './schemas/categories.js';
