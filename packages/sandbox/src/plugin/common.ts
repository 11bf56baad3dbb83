/** What every sandbox plugin does: start the sandbox from its config, preserve on stop, report usage. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { Message, type PluginContext } from '@heka/core';
import type { InjectResult } from '../api.js';
import type { SandboxKind } from '../env.js';
import { LuaSandbox, type SandboxOptions } from '../sandbox.js';
import { locateScript, type Resolved, readPreserved, resolveOptions, type SandboxConfig } from './options.js';

export interface Started {
  sb: LuaSandbox;
  resolved: Resolved;
}

/** Where a sandbox's injections go (see SandboxOptions.inject and injectMessage). */
export type Injections = Pick<SandboxOptions, 'inject' | 'injectMessage'>;

export async function startSandbox(
  kind: SandboxKind,
  config: SandboxConfig,
  ctx: PluginContext,
  injections: Injections | ((payload: Uint8Array, type: string, name: string) => InjectResult),
): Promise<Started> {
  const resolved = resolveOptions(kind, config, ctx);
  resolved.filename = locateScript(resolved, config.filename);
  const restore = await readPreserved(resolved);
  const sb = await LuaSandbox.create({
    kind,
    name: ctx.name,
    filename: resolved.filename,
    moduleDirectories: resolved.moduleDirectories,
    memoryLimit: resolved.memoryLimit,
    instructionLimit: resolved.instructionLimit,
    outputLimit: resolved.outputLimit,
    config: resolved.config,
    restore,
    ...(typeof injections === 'function' ? { inject: injections } : injections),
  });
  return { sb, resolved };
}

/**
 * Ends a sandbox: its globals are written to the preservation file when preserve_data is set and it was
 * not terminated (lua_sandbox could not preserve a terminated state either). A failure is logged and
 * leaves no file behind, as in Heka. A sandbox that never ran (hekad's start-up probe of decoders and
 * encoders) leaves the file as it is: its state is what it restored.
 */
export async function finish(s: Started, ctx: PluginContext): Promise<void> {
  const { sb, resolved } = s;
  try {
    if (!resolved.preserve || sb.terminated || sb.calls === 0) return;
    let text: string | undefined;
    try {
      text = sb.preserve();
    } catch (e) {
      ctx.logger.error(`Destroy() ${(e as Error).message}`);
      await rm(resolved.preservationFile, { force: true });
      return;
    }
    if (text === undefined) return;
    const tmp = `${resolved.preservationFile}.tmp`;
    await writeFile(tmp, Buffer.from(text, 'latin1'), { mode: 0o600 });
    await rename(tmp, resolved.preservationFile);
  } finally {
    sb.close();
  }
}

/** The heka.sandbox-terminated message a terminated sandbox leaves (Payload = the error, Field plugin). */
export function terminationMessage(ctx: PluginContext, error: string): Message {
  return new Message({
    type: 'heka.sandbox-terminated',
    logger: 'hekad',
    hostname: ctx.globals.hostname,
    pid: ctx.globals.pid,
    payload: error,
    fields: [{ name: 'plugin', value: ctx.name }],
  });
}

export type ReportFields = Record<string, { value: number; representation: string }>;

/** Heka's sandbox usage report fields (Memory, MaxMemory, MaxInstructions, MaxOutput). */
export function usageReport(sb: LuaSandbox): ReportFields {
  const u = sb.usage();
  return {
    Memory: { value: u.memory, representation: 'B' },
    MaxMemory: { value: u.maxMemory, representation: 'B' },
    MaxInstructions: { value: u.maxInstructions, representation: 'count' },
    MaxOutput: { value: u.maxOutput, representation: 'B' },
  };
}
