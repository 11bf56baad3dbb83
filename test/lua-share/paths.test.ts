/** The exported locations: every listed module and decoder is a file there, and nothing else is. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  luaDecoderNames,
  luaDecodersDir,
  luaModuleNames,
  luaModulesDir,
  luaShareDir,
  resolveShared,
} from '@heka/lua-share';
import { describe, expect, it } from 'vitest';

const names = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.lua'))
    .map((f) => f.slice(0, -4))
    .sort();

describe('@heka/lua-share paths', () => {
  it('lists exactly the files shipped, under a share_dir layout', () => {
    expect(names(luaModulesDir)).toEqual([...luaModuleNames].sort());
    expect(names(luaDecodersDir)).toEqual([...luaDecoderNames].sort());
    expect(luaModulesDir).toBe(join(luaShareDir, 'lua_modules'));
    expect(luaDecodersDir).toBe(join(luaShareDir, 'lua_decoders'));
  });

  it('resolves share_dir-relative script names to the shipped files', () => {
    const p = resolveShared('lua_decoders/nginx_access.lua');
    expect(p).toBe(join(luaDecodersDir, 'nginx_access.lua'));
    expect(existsSync(p as string)).toBe(true);
    expect(resolveShared('lua_modules/date_time.lua')).toBe(join(luaModulesDir, 'date_time.lua'));
    expect(resolveShared('lua_decoders/missing.lua')).toBeUndefined();
    expect(resolveShared('lua_decoders/../../package.json')).toBeUndefined();
    expect(resolveShared('nginx_access.lua')).toBeUndefined();
  });
});
