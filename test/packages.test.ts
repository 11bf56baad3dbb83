// Every published package must be installable from npm as built: name, version, ESM exports pointing
// at built files, a README, public access, and only its own dist in the tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  exports?: Record<string, { types?: string; import?: string }>;
  files?: string[];
  engines?: { node?: string };
  publishConfig?: { access?: string };
  license?: string;
}

function workspacePackages(): { dir: string; pkg: PackageJson }[] {
  const out: { dir: string; pkg: PackageJson }[] = [];
  for (const group of ['packages', 'plugins', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const file = join(base, name, 'package.json');
      if (existsSync(file)) out.push({ dir: join(base, name), pkg: JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
  return out;
}

describe.each(workspacePackages().filter((p) => !p.pkg.private))('$pkg.name', ({ dir, pkg }) => {
  it('is an ESM package with built exports', () => {
    expect(pkg.type).toBe('module');
    const main = pkg.exports?.['.'];
    expect(main?.import).toMatch(/^\.\/dist\/.*\.js$/);
    expect(main?.types).toMatch(/^\.\/dist\/.*\.d\.ts$/);
    expect(existsSync(join(dir, main?.import as string)), 'built by `pnpm build`').toBe(true);
    expect(existsSync(join(dir, main?.types as string))).toBe(true);
  });
  it('has a README, a license, an engines range and public access', () => {
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    expect(pkg.license).toBe('MPL-2.0');
    expect(pkg.engines?.node).toMatch(/>=20/);
    expect(pkg.publishConfig?.access).toBe('public');
  });
  it('packs only its build output, README, Lua sources, example configs and protobuf schemas', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    for (const f of files) {
      expect(f).toMatch(
        /^(dist\/|README\.md$|package\.json$|LICENSE|lua\/.+\.lua$|examples\/.+\.(toml|lua)$|proto\/.+\.proto$)/,
      );
    }
    expect(files.some((f) => f.endsWith('.test.js') || f.includes('tsbuildinfo'))).toBe(false);
  });
});

describe('the built @heka/core', () => {
  it('exports the public API by name', async () => {
    const core = await import('@heka/core');
    for (const name of [
      'Message',
      'Field',
      'encodeMessage',
      'decodeMessage',
      'encodeFrame',
      'FrameReader',
      'compileMatcher',
      'MatcherSyntaxError',
      'DecodeError',
    ]) {
      expect(core, name).toHaveProperty(name);
    }
    const m = new core.Message({ type: 'x' });
    expect(core.decodeMessage(core.encodeMessage(m)).type).toBe('x');
  });
});
