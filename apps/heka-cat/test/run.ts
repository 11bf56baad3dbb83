/** Runs this app's built CLI (dist/cli.js) as a real child process. */
import { cliRunner } from '@heka/testkit';

export const { cli: CLI, ensureBuilt, run, runBytes, start } = cliRunner(new URL('..', import.meta.url));
