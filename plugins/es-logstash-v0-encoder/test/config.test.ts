// Bad configurations are refused with a message that names the key.
import { configProblems } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { encoder } from './fixture.js';

describe('ESLogstashV0Encoder configuration', () => {
  it('refuses an unknown name in fields (named lower-cased, as Heka does)', async () => {
    await expect(encoder({ fields: ['Logger', 'Hoster'] })).rejects.toThrow(
      `fields: Unsupported value "hoster" in 'fields' list, must be one of Uuid, Timestamp,`,
    );
  });

  it('refuses dynamic_fields without DynamicFields in fields', async () => {
    await expect(encoder({ fields: ['Logger', 'Hostname'], dynamic_fields: ['a', 'b'] })).rejects.toThrow(
      `dynamic_fields: "DynamicFields" must be in 'fields' list if using 'dynamic_fields'`,
    );
    await expect(encoder({ fields: ['Logger', 'DynamicFields'], dynamic_fields: ['a'] })).resolves.toBeDefined();
  });

  it('refuses wrong types, naming the key', () => {
    expect(configProblems(plugin, { use_message_type: 1 }).join('\n')).toMatch(/use_message_type/);
    expect(configProblems(plugin, { raw_bytes_fields: [1] }).join('\n')).toMatch(/raw_bytes_fields/);
    expect(configProblems(plugin, { field_mappings: {} }).join('\n')).toMatch(/field_mappings/);
  });
});
