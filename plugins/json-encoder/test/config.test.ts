import { configProblems } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';
import { encoder } from './fixture.js';

it('refuses an unknown name in fields, naming the key and the choices', async () => {
  await expect(encoder({ fields: ['Type', 'Message'] })).rejects.toThrow(
    'fields: unsupported value "Message", must be one of Uuid, Timestamp, Type, Logger, Severity, Payload, ' +
      'EnvVersion, Pid, Hostname, DynamicFields',
  );
});

it('refuses values outside the choices and wrong types, naming the key', () => {
  expect(configProblems(plugin, { timestamp_format: 'iso' }).join('\n')).toMatch(/timestamp_format/);
  expect(configProblems(plugin, { big_integers: 'float' }).join('\n')).toMatch(/big_integers/);
  expect(configProblems(plugin, { fields: 'Type' }).join('\n')).toMatch(/fields/);
});
