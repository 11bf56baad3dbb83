// Bad configurations are refused with a message that names the key, as hekad reports them.
import { configProblems } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { encoder } from './fixture.js';

describe('ESJsonEncoder configuration', () => {
  it('refuses an unknown name in fields, listing the choices', async () => {
    await expect(encoder({ fields: ['Logger', 'Hoster'] })).rejects.toThrow(
      `fields: Unsupported value "Hoster" in 'fields' list, must be one of Uuid, Timestamp, Type, Logger, ` +
        'Severity, Payload, EnvVersion, Pid, Hostname, DynamicFields',
    );
  });

  it('refuses dynamic_fields without DynamicFields in fields', async () => {
    await expect(encoder({ fields: ['Logger'], dynamic_fields: ['x'] })).rejects.toThrow(
      `dynamic_fields: "DynamicFields" must be in 'fields' list if using 'dynamic_fields'`,
    );
    await expect(encoder({ fields: ['Logger', 'fields'], dynamic_fields: ['x'] })).resolves.toBeDefined();
  });

  it('refuses wrong types and unknown field_mappings keys', () => {
    expect(configProblems(plugin, { fields: 'Logger' }).join('\n')).toMatch(/fields/);
    expect(configProblems(plugin, { es_index_from_timestamp: 'yes' }).join('\n')).toMatch(/es_index_from_timestamp/);
    expect(configProblems(plugin, { field_mappings: { Message: 'm' } }).join('\n')).toMatch(/field_mappings/);
    expect(configProblems(plugin, { field_mappings: { Payload: 1 } }).join('\n')).toMatch(/Payload/);
  });

  it("accepts Heka's documented example", () => {
    expect(
      configProblems(plugin, {
        index: '%{Type}-%{%Y.%m.%d}',
        es_index_from_timestamp: true,
        type_name: '%{Type}',
        replace_dots_with: '_',
        field_mappings: { Timestamp: '@timestamp', Severity: 'level' },
      }),
    ).toEqual([]);
  });
});
