import { describe, it } from 'vitest';
import * as cases from './cases/re.js';
import { CaseRunner } from './helpers.js';

const runner = new CaseRunner();

for (const [group, list] of Object.entries(cases)) {
  describe(group, () => {
    it.each(list)('%s', (code, expected) => runner.check([code, expected]));
  });
}
