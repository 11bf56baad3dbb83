/** Managed filters outlive hekad: persisted in the working directory, restored with their data at start. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  unloadMessage,
} from './helpers.js';

afterEach(stopAll);

describe('SandboxManagerFilter persistence', () => {
  it('restores persisted filters on start, with their preserved data, and only its own', async () => {
    const dir = tempDir();
    const first = await startManager({}, dir);
    await first.send(
      loadMessage(counterToml('Counter', 'preserve_data = true'), COUNTER_LUA),
      loadMessage(counterToml('Plain'), COUNTER_LUA),
      loadMessage(counterToml('Gone', 'preserve_data = true'), COUNTER_LUA),
    );
    await first.running('mgr-Counter', 'mgr-Plain', 'mgr-Gone');
    await first.send(...data(2));
    await first.waitUntil((m) => m.logger === 'mgr-Counter' && m.payload === '2', 'two counts');
    await first.waitUntil((m) => m.logger === 'mgr-Gone' && m.payload === '2', 'two counts');
    await first.send(unloadMessage('Gone'));
    await first.waitForLog(/Unloaded: mgr-Gone/);
    await first.stop();
    expect(first.files()).toEqual([
      'mgr-Counter.lua',
      'mgr-Counter.toml',
      'mgr-Plain.lua',
      'mgr-Plain.toml',
      'mgr_Counter.data',
    ]);
    expect(readFileSync(join(dir, 'mgr_Counter.data'), 'latin1')).toContain('_G["count"] = 2');

    // Another manager's files in the same directory are not this manager's to start.
    writeFileSync(join(dir, 'other-Counter.toml'), counterToml());
    writeFileSync(join(dir, 'other-Counter.lua'), COUNTER_LUA);
    writeFileSync(join(dir, 'mgr-x-Counter.toml'), counterToml());

    const second = await startManager({}, dir);
    await second.running('mgr-Counter', 'mgr-Plain');
    expect(second.pipeline.dynamicFilters.names().sort()).toEqual(['mgr-Counter', 'mgr-Plain']);
    expect(second.logs.filter((l) => l.includes('Loading:'))).toEqual([
      'mgr: Loading: mgr-Counter',
      'mgr: Loading: mgr-Plain',
    ]);
    await second.send(...data(1));
    await second.waitUntil((m) => m.logger === 'mgr-Counter', 'a count');
    await second.waitUntil((m) => m.logger === 'mgr-Plain', 'a count');
    expect(outputs(second, 'mgr-Counter')).toEqual(['3']);
    expect(outputs(second, 'mgr-Plain')).toEqual(['1']);
    expect(second.pipeline.filters.get('mgr')?.report()).toEqual({ RunningFilters: 2 });
  });

  it('logs a persisted filter it cannot restore, keeps its files, and restores the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mgr-Broken.toml'), '[Broken\n');
    writeFileSync(join(dir, 'mgr-Bad.toml'), counterToml('Bad', 'no_such_key = 1'));
    writeFileSync(join(dir, 'mgr-Bad.lua'), COUNTER_LUA);
    writeFileSync(join(dir, 'mgr-Good.toml'), counterToml('Good'));
    writeFileSync(join(dir, 'mgr-Good.lua'), COUNTER_LUA);
    const p = await startManager({}, dir);
    await p.running('mgr-Good');
    await p.waitForLog(/restoreSandboxes failed: mgr-Broken: loadSandbox failed: TOML: /);
    const bad = await p.waitForLog(/restoreSandboxes failed: mgr-Bad: /);
    expect(bad).toContain(`${join(dir, 'mgr-Bad.toml')} [mgr-Bad] no_such_key: unknown key`);
    expect(p.pipeline.dynamicFilters.names()).toEqual(['mgr-Good']);
    expect(p.files()).toEqual(['mgr-Bad.lua', 'mgr-Bad.toml', 'mgr-Broken.toml', 'mgr-Good.lua', 'mgr-Good.toml']);
    // Unloading is how to get rid of one.
    await p.send(unloadMessage('Bad'), unloadMessage('Broken'));
    await p.waitForLog(/mgr-Broken is not running/);
    expect(p.files()).toEqual(['mgr-Good.lua', 'mgr-Good.toml']);
  });

  it('creates the working directory (relative to base_dir by default: sbxmgrs)', async () => {
    const p = await startManager({ working_directory: undefined });
    await p.send(loadMessage(counterToml(), COUNTER_LUA));
    await p.running('mgr-Counter');
    const base = p.pipeline.plan.globals.baseDir;
    expect(readFileSync(join(base, 'sbxmgrs', 'mgr-Counter.lua'), 'utf8')).toBe(COUNTER_LUA);
  });
});
