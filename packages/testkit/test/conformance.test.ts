// The harness run on a well-formed third-party plugin (it must pass every check).
import { fileURLToPath } from 'node:url';
import { conformance } from '../src/index.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/heka-plugin-tag/', import.meta.url));
const { default: tagDecoder } = await import(`${dir}index.js`);

conformance(tagDecoder, { packageDir: dir });
