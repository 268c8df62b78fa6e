export * from './permissions.js';
export * from './errors.js';
export * from './common.js';
export * from './auth.js';
export * from './admin.js';
