/** hekad as a library: the command implementations (the binary is dist/cli.js). */
export { checkCommand, describeCommand, listCommand, runCommand } from './commands.js';
export { VERSION } from './version.js';
