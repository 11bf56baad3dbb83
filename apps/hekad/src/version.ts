import { readFileSync } from 'node:fs';

/** hekad's own version, from its package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** hekad's package directory: its dependencies are the default plugin distribution. */
export const PACKAGE_DIR: string = new URL('..', import.meta.url).pathname;
