import { configProblems } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

it('takes no options of its own', () => {
  expect(configProblems(plugin, {})).toEqual([]);
  expect(configProblems(plugin, { use_framing: true }).join('\n')).toMatch(/use_framing/);
});
