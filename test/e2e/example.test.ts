// The example config the root README tells new users to run (apps/hekad/examples/hekad.toml) works:
// a message sent with heka-inject is printed, and the Lua filter reports its count.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runHekad, tempDir } from './harness.js';

const EXAMPLES = join(ROOT, 'apps/hekad/examples');

describe('apps/hekad/examples/hekad.toml', () => {
  it('prints an injected message and the Lua filter counts it by Type', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const port = 20000 + Math.floor(Math.random() * 30000);
    const example = readFileSync(join(EXAMPLES, 'hekad.toml'), 'utf8');
    // The same config, on a free port, with its directories made absolute and a 1 s report.
    const toml = example
      .replace('address = "127.0.0.1:5565"', `address = "127.0.0.1:${port}"`)
      .replace('base_dir = "./.hekad-state"', `base_dir = ${JSON.stringify(join(dir, 'state'))}`)
      .replace('share_dir = "./apps/hekad/examples"', `share_dir = ${JSON.stringify(EXAMPLES)}`)
      .replace('ticker_interval = 10', 'ticker_interval = 1');
    expect(toml).not.toBe(example);
    expect(toml).toContain(`address = "127.0.0.1:${port}"`);
    const h = runHekad(dir, toml);
    await h.waitFor(/listening on/);
    const inject = spawnSync(
      process.execPath,
      [
        join(ROOT, 'apps/heka-inject/dist/cli.js'),
        '-heka',
        `127.0.0.1:${port}`,
        '-type',
        'demo',
        '-payload',
        'hello, heka',
      ],
      { encoding: 'utf8' },
    );
    expect(inject.status, inject.stderr).toBe(0);
    await h.waitFor(/:Payload: hello, heka/);
    await h.waitFor(/:Payload: \{"demo":1\}/, 5000);
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(h.stdout()).toContain(':Type: heka.sandbox-output');
  });
});
