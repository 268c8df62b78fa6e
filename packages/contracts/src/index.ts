export * from './permissions.js';
export * from './errors.js';
export * from './common.js';
export * from './auth.js';
export * from './organization.js';
export * from './users.js';
export * from './audit.js';
export * from './messages.js';
