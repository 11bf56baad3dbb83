// planConfig end to end on real files: discovery, validation, and decisions that need several sections.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planConfig } from '../src/plan-config.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** A temp dir with a FramedOutput plugin package (use_framing defaults to 'protobuf', like TcpOutput). */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-config-'));
  mkdirSync(join(dir, 'node_modules/@heka'), { recursive: true });
  symlinkSync(join(ROOT, 'packages/core'), join(dir, 'node_modules/@heka/core'));
  const pkg = join(dir, 'plugins/framed-output');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'framed-output',
      version: '1.0.0',
      type: 'module',
      main: 'index.js',
      heka: { apiVersion: 1, type: 'FramedOutput', kind: 'output' },
    }),
  );
  writeFileSync(
    join(pkg, 'index.js'),
    `import { definePlugin } from '@heka/core';
export default definePlugin({ type: 'FramedOutput', kind: 'output', description: 'test', configSchema: { type: 'object', properties: {} },
  commonDefaults: { use_framing: 'protobuf' }, create: () => ({ process() {} }) });`,
  );
  return dir;
}

async function framing(encoderType: string, extra = ''): Promise<unknown> {
  const dir = workspace();
  const plugins = [join(dir, 'plugins'), join(ROOT, 'plugins/protobuf-encoder'), join(ROOT, 'plugins/payload-encoder')];
  writeFileSync(
    join(dir, 'hekad.toml'),
    `[hekad]\nplugin_dirs = ${JSON.stringify(plugins)}\nbase_dir = ${JSON.stringify(join(dir, 'base'))}\n\n[out]\ntype = "FramedOutput"\nmessage_matcher = "TRUE"\nencoder = "enc"\n${extra}\n[enc]\ntype = "${encoderType}"\n`,
  );
  const { plan } = await planConfig({ configPath: join(dir, 'hekad.toml'), cwd: dir, env: {} });
  return plan.plugins.get('out')?.section.common.use_framing;
}

describe('default framing', () => {
  it("frames by default when the encoder's type is ProtobufEncoder, whatever the section is named", async () => {
    expect(await framing('ProtobufEncoder')).toBe(true);
  });
  it('does not frame by default with another encoder', async () => {
    expect(await framing('PayloadEncoder')).toBe(false);
  });
  it('keeps an explicit use_framing', async () => {
    expect(await framing('ProtobufEncoder', 'use_framing = false')).toBe(false);
  });
});
