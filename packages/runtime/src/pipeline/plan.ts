/** What the pipeline is built from: validated sections with their plugin definitions. */
import type { PluginDefinition, PluginGlobals } from '@heka/core';
import type { Globals, ResolvedSection } from '../config/types.js';
import type { IndexedPlugin } from '../discovery/types.js';

export interface PlannedPlugin {
  section: ResolvedSection;
  definition: PluginDefinition;
  /** The installed package it came from (a worker thread loads the same one); absent for in-memory plans. */
  plugin?: IndexedPlugin;
}

export interface PipelinePlan {
  globals: Globals;
  /** By section name. */
  plugins: ReadonlyMap<string, PlannedPlugin>;
}

export function pluginGlobals(g: Globals): PluginGlobals {
  return Object.freeze({
    hostname: g.hostname,
    pid: process.pid,
    baseDir: g.baseDir,
    shareDir: g.shareDir,
    maxMessageSize: g.maxMessageSize,
    maxMessageLoops: g.maxMessageLoops,
    maxProcessInject: g.maxProcessInject,
    maxTimerInject: g.maxTimerInject,
    sampleDenominator: g.sampleDenominator,
    logFlags: g.logFlags,
  });
}

/** A stable text form of a section's settings, to tell a changed section from an unchanged one on reload. */
export function fingerprint(p: PlannedPlugin | undefined): string {
  if (!p) return '';
  const { type, kind, common, own } = p.section;
  return JSON.stringify({ type, kind, common, own }, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}
