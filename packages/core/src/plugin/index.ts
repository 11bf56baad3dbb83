export * from './common.js';
export * from './config-error.js';
export type * from './contract.js';
export * from './define.js';
export * from './errors.js';
export * from './kinds.js';
export * from './schema.js';
