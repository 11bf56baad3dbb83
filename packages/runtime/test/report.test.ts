import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { allReport, allReportMessage, memstatMessage } from '../src/pipeline/report.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput, upperDecoder } from './helpers/plugins.js';

describe('reports', () => {
  it('builds heka.all-report with per-plugin counters and routes it with heka.memstat', async () => {
    const out: Collected = { messages: [], stopped: false };
    const reports: Collected = { messages: [], stopped: false };
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(12), common: { decoder: 'up' } },
        { name: 'up', definition: upperDecoder },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type == 'gen'" } },
        {
          name: 'reports',
          definition: collectingOutput(reports, 0, 'ReportOutput'),
          common: { message_matcher: 'Type =~ /^heka\\./' },
        },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 12);
    const report = allReport(p);
    p.injectSystem(allReportMessage(p, report));
    p.injectSystem(memstatMessage(p));
    await until(() => reports.messages.length === 2);
    await p.stop();

    const [all, mem] = reports.messages;
    expect(all?.type).toBe('heka.all-report');
    expect(all?.logger).toBe('hekad');
    const parsed = JSON.parse(all?.payload as string) as typeof report;
    const outEntry = parsed.outputs.find((e) => e.Name === 'out') as Record<
      string,
      { value: number; representation: string }
    >;
    expect(outEntry.ProcessMessageCount).toEqual({ value: 12, representation: 'count' });
    expect(outEntry.InChanCapacity).toEqual({ value: 30, representation: 'count' });
    expect(outEntry.MatchAvgDuration?.representation).toBe('ns');
    expect(parsed.decoders.find((e) => e.Name === 'gen-up')?.ProcessMessageCount).toEqual({
      value: 12,
      representation: 'count',
    });
    expect(parsed.globals.map((g) => g.Name)).toEqual(['inputRecycleChan', 'injectRecycleChan', 'Router']);
    expect(mem?.type).toBe('heka.memstat');
    for (const f of ['HeapSys', 'HeapAlloc', 'HeapIdle', 'HeapInuse', 'HeapReleased']) {
      expect(mem?.getField(f)?.representation).toBe('B');
    }
    expect(Number(mem?.getFieldValue('HeapAlloc'))).toBeGreaterThan(0);
  });
});
