import { configProblems } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

it('refuses wrong types, naming the key', () => {
  expect(configProblems(plugin, { append_newlines: 'no' }).join('\n')).toMatch(/append_newlines/);
  expect(configProblems(plugin, { prefix_ts: 1 }).join('\n')).toMatch(/prefix_ts/);
  expect(configProblems(plugin, { ts_from_message: null }).join('\n')).toMatch(/ts_from_message/);
  expect(configProblems(plugin, { ts_format: 12 }).join('\n')).toMatch(/ts_format/);
  expect(configProblems(plugin, { prefix: true }).join('\n')).toMatch(/prefix/);
});

it("accepts Heka's documented example", () => {
  expect(
    configProblems(plugin, { append_newlines: false, prefix_ts: true, ts_format: '%Y/%m/%d %l:%M:%S%p %Z' }),
  ).toEqual([]);
});
