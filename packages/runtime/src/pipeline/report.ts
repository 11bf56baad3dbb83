/**
 * Reports as Heka makes them: the `heka.all-report` message (JSON by category, each metric as
 * `{value, representation}`), the `heka.memstat` message, and the SIGUSR1 text table.
 */
import { Message, type ReportValue } from '@heka/core';
import type { MessageRunner } from './message-runner.js';
import type { Pipeline } from './pipeline.js';

type Metric = { value: number; representation: string };
type Entry = { Name: string } & Record<string, Metric | string>;
export type AllReport = Record<
  'globals' | 'inputs' | 'decoders' | 'splitters' | 'encoders' | 'filters' | 'outputs',
  Entry[]
>;

const count = (value: number): Metric => ({ value, representation: 'count' });
const ns = (value: number): Metric => ({ value, representation: 'ns' });

function runnerEntry(r: MessageRunner, stalls: number): Entry {
  const s = r.stats;
  return {
    Name: r.name,
    InChanCapacity: count(r.queue.capacity),
    InChanLength: count(r.queue.length),
    MatchChanCapacity: count(r.queue.capacity),
    MatchChanLength: count(r.queue.length),
    MatchAvgDuration: ns(s.avgMatchDuration),
    ProcessMessageCount: count(s.processed),
    ProcessMessageFailures: count(s.failures),
    InjectMessageCount: count(s.injected),
    ProcessMessageAvgDuration: ns(s.avgDuration),
    LeakCount: count(stalls),
    ...ownFigures(r.report()),
  };
}

/** A plugin's own figures (Stoppable.report) under their names; a bare number is a count. */
function ownFigures(figures: Readonly<Record<string, ReportValue>> | undefined): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const [name, v] of Object.entries(figures ?? {})) {
    if (name === 'Name') continue;
    out[name] = typeof v === 'number' ? count(v) : { value: v.value, representation: v.representation };
  }
  return out;
}

export function allReport(p: Pipeline, stalls: ReadonlyMap<string, number> = new Map()): AllReport {
  return {
    globals: [
      { Name: p.inputPool.name, InChanCapacity: count(p.inputPool.capacity), InChanLength: count(p.inputPool.free) },
      { Name: p.injectPool.name, InChanCapacity: count(p.injectPool.capacity), InChanLength: count(p.injectPool.free) },
      {
        Name: 'Router',
        ProcessMessageCount: count(p.router.processed),
        UnmatchedMessageCount: count(p.router.unmatched),
      },
    ],
    inputs: [...p.inputs.values()].map((r) => ({
      Name: r.name,
      ProcessMessageCount: count(r.stats.processed),
      ...ownFigures(r.report()),
    })),
    decoders: [...p.decoderStats].map(([name, s]) => ({
      Name: name,
      ProcessMessageCount: count(s.processed),
      ProcessMessageFailures: count(s.failures),
      ProcessMessageSamples: count(s.samples),
      ProcessMessageAvgDuration: ns(s.avgDuration),
    })),
    splitters: [],
    encoders: [],
    filters: [...p.filters.values()].map((r) => runnerEntry(r, stalls.get(r.name) ?? 0)),
    outputs: [...p.outputs.values()].map((r) => runnerEntry(r, stalls.get(r.name) ?? 0)),
  };
}

export function allReportMessage(p: Pipeline, report: AllReport): Message {
  return new Message({
    type: 'heka.all-report',
    logger: 'hekad',
    hostname: p.plan.globals.hostname,
    payload: JSON.stringify(report),
  });
}

/** Memory figures under Heka's field names (from V8's heap rather than Go's). */
export function memstatMessage(p: Pipeline): Message {
  const m = process.memoryUsage();
  const b = (name: string, value: number) => ({
    name,
    valueType: 'integer' as const,
    representation: 'B',
    value: Math.round(value),
  });
  return new Message({
    type: 'heka.memstat',
    logger: 'hekad',
    hostname: p.plan.globals.hostname,
    fields: [
      b('HeapSys', m.heapTotal),
      b('HeapAlloc', m.heapUsed),
      b('HeapIdle', m.heapTotal - m.heapUsed),
      b('HeapInuse', m.heapUsed),
      b('HeapReleased', 0),
      b('External', m.external + m.arrayBuffers),
      b('RSS', m.rss),
    ],
  });
}

/** The SIGUSR1 table. */
export function reportText(report: AllReport): string {
  const lines = ['========[heka.all-report]========'];
  for (const [category, entries] of Object.entries(report)) {
    if (entries.length === 0) continue;
    lines.push(`${category}:`);
    for (const e of entries) {
      lines.push(`    ${e.Name}:`);
      for (const [k, v] of Object.entries(e)) {
        if (k === 'Name') continue;
        const m = v as Metric;
        lines.push(`        ${k}: ${m.value}${m.representation === 'ns' ? ' ns' : ''}`);
      }
    }
  }
  lines.push('========');
  return lines.join('\n');
}
