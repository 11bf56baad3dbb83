/**
 * @heka/lua-share: the Lua grammar modules (date_time, common_log_format, syslog, ...) and the Lua
 * decoders (lua_decoders/nginx_access.lua, ...) that Heka shipped in its share directory, written anew
 * for Heka for Node. This package only locates them; @heka/sandbox runs them.
 *
 * The two directories mirror Heka's share_dir layout: `lua_modules/<name>.lua` for `require "<name>"`
 * and `lua_decoders/<name>.lua` for `filename = "lua_decoders/<name>.lua"`.
 */
import { fileURLToPath } from 'node:url';

/** The package's `lua/` directory: a share_dir holding lua_modules/ and lua_decoders/. */
export const luaShareDir: string = fileURLToPath(new URL('../lua', import.meta.url));

/** Directory of the grammar and helper modules (`require "date_time"` finds `date_time.lua` here). */
export const luaModulesDir: string = fileURLToPath(new URL('../lua/lua_modules', import.meta.url));

/** Directory of the decoders (`filename = "lua_decoders/nginx_access.lua"` names a file in here). */
export const luaDecodersDir: string = fileURLToPath(new URL('../lua/lua_decoders', import.meta.url));

/** The modules shipped, by the name `require` takes. */
export const luaModuleNames: readonly string[] = Object.freeze([
  'alert',
  'annotation',
  'anomaly',
  'common_log_format',
  'date_time',
  'elasticsearch',
  'field_util',
  'graphite',
  'ip_address',
  'msg_interpolate',
  'mysql',
  'postfix',
  'syslog',
  'syslog_message',
  'ts_line_protocol',
  'util',
]);

/** The decoders shipped, by file name without `.lua`. */
export const luaDecoderNames: readonly string[] = Object.freeze([
  'apache_access',
  'json',
  'linux_diskstats',
  'linux_loadavg',
  'linux_memstats',
  'linux_netdev',
  'linux_netstat',
  'linux_procstat',
  'mariadb_slow_query',
  'mysql_slow_query',
  'nginx_access',
  'nginx_error',
  'nginx_stub_status',
  'rsyslog',
  'syslog',
]);

/**
 * Resolves a script name the way Heka resolved it under share_dir: "lua_decoders/x.lua" or
 * "lua_modules/x.lua" to the file shipped here, or undefined when this package has no such file.
 */
export function resolveShared(relative: string): string | undefined {
  const m = /^(lua_decoders|lua_modules)\/([A-Za-z0-9_]+)\.lua$/.exec(relative.replaceAll('\\', '/'));
  if (!m) return undefined;
  const names = m[1] === 'lua_decoders' ? luaDecoderNames : luaModuleNames;
  if (!names.includes(m[2] as string)) return undefined;
  return fileURLToPath(new URL(`../lua/${m[1]}/${m[2]}.lua`, import.meta.url));
}
