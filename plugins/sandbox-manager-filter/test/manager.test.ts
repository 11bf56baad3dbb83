/** SandboxManagerFilter in real pipelines: load, unload, limits, refusals, persistence across restarts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@heka/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COUNTER_LUA,
  counterToml,
  data,
  loadMessage,
  outputs,
  startManager,
  stopAll,
  tempDir,
  terminations,
  unloadMessage,
} from './helpers.js';

afterEach(stopAll);

const notice = (m: Message) => ({
  type: m.type,
  logger: m.logger,
  plugin: m.getFieldValue('plugin'),
  payload: m.payload,
});

describe('SandboxManagerFilter: load and unload', () => {
  it('loads a Lua filter from a control message; it runs as <manager>-<section> with files in the working directory', async () => {
    const p = await startManager({});
    const config = counterToml('Counter', 'ticker_interval = 1\nfilename = ""');
    await p.send(loadMessage(config, COUNTER_LUA));
    await p.running('mgr-Counter');
    await p.send(...data(3));
    await p.waitUntil((m) => m.payload === '3', 'the third count');
    expect(outputs(p, 'mgr-Counter')).toEqual(['1', '2', '3']);
    expect(p.pipeline.dynamicFilters.names()).toEqual(['mgr-Counter']);
    expect(p.files()).toEqual(['mgr-Counter.lua', 'mgr-Counter.toml']);
    expect(readFileSync(join(p.dir, 'mgr-Counter.toml'), 'utf8')).toBe(config);
    expect(readFileSync(join(p.dir, 'mgr-Counter.lua'), 'utf8')).toBe(COUNTER_LUA);
    expect(p.logs.some((l) => l.includes('Loading: mgr-Counter'))).toBe(true);
    expect(p.pipeline.filters.get('mgr')?.report()).toEqual({ RunningFilters: 1 });
    expect(terminations(p)).toEqual([]);
  });

  it('unloads: heka.terminated "Filter unloaded." and the files are deleted', async () => {
    const p = await startManager({});
    await p.send(loadMessage(counterToml('Counter', 'preserve_data = true'), COUNTER_LUA));
    await p.running('mgr-Counter');
    await p.send(...data(1));
    await p.waitUntil((m) => m.payload === '1', 'a count');
    await p.send(unloadMessage('Counter'));
    const done = await p.waitUntil((m) => m.type === 'heka.terminated', 'heka.terminated');
    expect(notice(done)).toEqual({
      type: 'heka.terminated',
      logger: 'hekad',
      plugin: 'mgr-Counter',
      payload: 'mgr-Counter (type SandboxFilter) terminated. Error: Filter unloaded.',
    });
    await p.waitForLog(/Unloaded: mgr-Counter/);
    expect(p.files()).toEqual([]);
    expect(p.pipeline.dynamicFilters.names()).toEqual([]);
    await p.send(...data(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(outputs(p, 'mgr-Counter')).toEqual(['1']);
    expect(p.pipeline.filters.get('mgr')?.report()).toEqual({ RunningFilters: 0 });
  });

  it('normalizes non-word characters of both names, and takes a section named SandboxFilter without type', async () => {
    const dir = tempDir();
    const p = await startManager({}, dir);
    await p.send(
      loadMessage(`[SandboxFilter]\nmessage_matcher = "Type == 'data'"\n`, COUNTER_LUA),
      loadMessage(counterToml('"my.filter"'), COUNTER_LUA),
    );
    await p.running('mgr-SandboxFilter', 'mgr-my_filter');
    await p.send(...data(1));
    await p.waitUntil((m) => m.logger === 'mgr-my_filter', 'the second filter');
    await p.waitUntil((m) => m.logger === 'mgr-SandboxFilter', 'the first filter');
    expect(p.files()).toEqual([
      'mgr-SandboxFilter.lua',
      'mgr-SandboxFilter.toml',
      'mgr-my_filter.lua',
      'mgr-my_filter.toml',
    ]);
    await p.send(unloadMessage('my.filter'));
    await p.waitForLog(/Unloaded: mgr-my_filter/);
    expect(p.files()).toEqual(['mgr-SandboxFilter.lua', 'mgr-SandboxFilter.toml']);
  });

  it("gives managed filters the manager's module_directory and limits, not the section's", async () => {
    const modules = tempDir('sbmgr-modules-');
    writeFileSync(join(modules, 'greeting.lua'), 'local M = {}\nfunction M.text() return "hello" end\nreturn M\n');
    const p = await startManager({
      module_directory: modules,
      output_limit: 1000,
      instruction_limit: 5000,
      memory_limit: 200_000,
    });
    const unlimited = 'memory_limit = 0\ninstruction_limit = 0\noutput_limit = 0\nmodule_directory = "/nonexistent"';
    const greeter =
      'local g = require "greeting"\nfunction process_message() inject_payload("txt", "g", g.text()) return 0 end\nfunction timer_event() end\n';
    const chatty =
      'function process_message() inject_payload("txt", "big", string.rep("x", 2000)) return 0 end\nfunction timer_event() end\n';
    const busy =
      'function process_message() local n = 0 for i = 1, 100000 do n = n + i end return 0 end\nfunction timer_event() end\n';
    const greedy =
      'require "string"\nfunction process_message() big = string.rep("x", 300000) return 0 end\nfunction timer_event() end\n';
    await p.send(
      loadMessage(counterToml('Greeter', unlimited), greeter),
      loadMessage(counterToml('Chatty', `${unlimited}\nconfig = { x = 1 }`), `require "string"\n${chatty}`),
      loadMessage(counterToml('Busy', unlimited), busy),
      loadMessage(counterToml('Greedy', unlimited), greedy),
    );
    await p.running('mgr-Greeter', 'mgr-Chatty', 'mgr-Busy', 'mgr-Greedy');
    await p.send(...data(1));
    await p.waitUntil((m) => m.logger === 'mgr-Greeter', 'the greeting');
    for (const name of ['Chatty', 'Busy', 'Greedy']) {
      await p.waitUntil(
        (m) => m.type === 'heka.sandbox-terminated' && m.getFieldValue('plugin') === `mgr-${name}`,
        name,
      );
    }
    expect(outputs(p, 'mgr-Greeter')).toEqual(['hello']);
    const why = (name: string) =>
      terminations(p).find((m) => m.getFieldValue('plugin') === `mgr-${name}`)?.payload ?? '';
    expect(why('Chatty')).toMatch(/output_limit exceeded|output buffer/i);
    expect(why('Busy')).toMatch(/instruction_limit exceeded/);
    expect(why('Greedy')).toMatch(/memory/i);
    // A filter that terminated keeps its files (it returns at the next start) until it is unloaded.
    expect(p.files()).toContain('mgr-Busy.toml');
    await p.send(unloadMessage('Busy'));
    await p.waitForLog(/mgr-Busy is not running; its files are removed/);
    expect(p.files()).not.toContain('mgr-Busy.toml');
    expect(p.files()).not.toContain('mgr-Busy.lua');
  });

  it('ignores control messages with another action (logged)', async () => {
    const p = await startManager({});
    const m = unloadMessage('x');
    m.setField({ name: 'action', value: 'reload' });
    await p.send(m);
    await p.waitForLog(/ignored a control message with action "reload"/);
    const numeric = unloadMessage('x');
    numeric.removeField('action');
    numeric.addField({ name: 'action', value: 1n });
    const none = unloadMessage('x');
    none.removeField('action');
    await p.send(numeric, none);
    await p.waitForLog(/ignored a control message with action 1$/);
    await p.waitForLog(/ignored a control message with action undefined$/);
    expect(p.messages).toEqual([]);
  });

  it('refuses a bad configuration of its own, naming the key', async () => {
    await expect(startManager({ max_filters: 'ten' })).rejects.toThrow(/\[mgr\] max_filters: /);
    await expect(startManager({ memory_limit: -1 })).rejects.toThrow(/\[mgr\] memory_limit: /);
    await expect(startManager({ working_directory: '' })).rejects.toThrow(/\[mgr\] working_directory: /);
    await expect(startManager({ max_filter: 3 })).rejects.toThrow(/\[mgr\] max_filter: unknown key/);
  });
});
