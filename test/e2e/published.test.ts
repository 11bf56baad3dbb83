// The published-package path: pack every package, install the tarballs into an empty directory with a
// third-party plugin that lives outside the workspace, and run `npx hekad` there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, ROOT, tempDir, until } from './harness.js';

/** Workspace package directories by package name. */
function workspacePackages(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const group of ['apps', 'packages', 'plugins']) {
    for (const entry of readdirSync(join(ROOT, group))) {
      const dir = `${group}/${entry}`;
      try {
        const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string };
        dirs.set(pkg.name, dir);
      } catch {
        // not a package
      }
    }
  }
  return dirs;
}

/** hekad and every workspace package it depends on, directly or not (its default plugin distribution). */
function hekadClosure(): string[] {
  const dirs = workspacePackages();
  const seen = new Set<string>(['hekad']);
  const queue = ['hekad'];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const dir = dirs.get(name) as string;
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (dirs.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen].map((n) => dirs.get(n) as string);
}
const THIRD_PARTY = [
  'test/fixtures/heka-plugin-tag',
  'test/fixtures/plugins/gen-input',
  'test/fixtures/plugins/file-output',
];

function pack(dir: string, dest: string, tool: 'pnpm' | 'npm'): string {
  const before = new Set(readdirSync(dest));
  execFileSync(tool, ['pack', '--pack-destination', dest], { cwd: join(ROOT, dir), stdio: 'ignore' });
  const made = readdirSync(dest).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!made) throw new Error(`packing ${dir} produced no tarball`);
  return join(dest, made);
}

describe('published packages', () => {
  it('install from tarballs and run a pipeline with a third-party plugin via npx hekad', {
    timeout: 300_000,
  }, async () => {
    const work = tempDir('hekad-published-');
    const tarballs = join(work, 'tarballs');
    const app = join(work, 'app');
    mkdirSync(tarballs);
    mkdirSync(app);
    // pnpm pack turns workspace: dependencies into real versions; the third-party ones are plain npm packages.
    const files = [
      ...hekadClosure().map((d) => pack(d, tarballs, 'pnpm')),
      ...THIRD_PARTY.map((d) => pack(d, tarballs, 'npm')),
    ];
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
      cwd: app,
      stdio: 'inherit',
    });

    const list = execFileSync('npx', ['--no-install', 'hekad', 'plugins', 'list'], { cwd: app, encoding: 'utf8' });
    expect(list).toMatch(/TagDecoder\s+decoder\s+heka-plugin-tag@1\.0\.0\s+cwd/);

    const out = join(app, 'out.txt');
    writeFileSync(
      join(app, 'hekad.toml'),
      `[hekad]
base_dir = "./state"

[gen]
type = "TestGenInput"
count = 5
decoder = "tagger"

[tagger]
type = "TagDecoder"
tag = "edge"
uppercase = true

[out]
type = "TestFileOutput"
message_matcher = "Fields[tag] == 'edge'"
path = ${JSON.stringify(out)}
with_type = true
`,
    );
    const { spawn } = await import('node:child_process');
    // Its own process group, signalled as a whole, as a terminal's Ctrl-C does (npx does not forward signals).
    const proc = spawn('npx', ['--no-install', 'hekad', '-config', 'hekad.toml'], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    try {
      await until(() => lines(out).length === 5, 30_000, `five tagged messages (stderr: ${stderr})`);
    } finally {
      process.kill(-(proc.pid as number), 'SIGTERM');
    }
    await exited;
    await until(() => stderr.includes('shutdown complete'), 10_000, 'hekad to stop cleanly');
    expect(lines(out)).toEqual(['test 0', 'test 1', 'test 2', 'test 3', 'test 4']);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/hekad/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.values(installed.dependencies).some((v) => v.startsWith('workspace:'))).toBe(false);
  });
});
