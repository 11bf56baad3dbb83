import { fileURLToPath } from 'node:url';
import type { Message, PluginDefinition } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { definitionChecks, readPackage } from './definition-checks.js';
import { activeResources, settleLeaks } from './handles.js';
import { kindChecks } from './kind-checks.js';
import { lifecycleSections, sampleMessage } from './samples.js';
import { startTestPipeline, type TestSection } from './test-pipeline.js';

export interface ConformanceOptions {
  /** The plugin package's directory (package.json and README.md). */
  packageDir: string | URL;
  /** Keys (TOML form) for a working instance. Default: this type's section in the README example. */
  config?: Record<string, unknown>;
  /** Other sections the plugin needs to run (e.g. the splitter an input names). */
  sections?: Record<string, TestSection>;
  /** Runs before the lifecycle and behaviour checks (e.g. starts a server); may return a cleanup. */
  setup?: () => Promise<(() => Promise<void> | void) | undefined> | (() => Promise<void> | void) | undefined;
  /** What filters, outputs and encoders are fed (default: an nginx access message). */
  message?: () => Message;
}

export function conformance(definition: PluginDefinition, options: ConformanceOptions): void {
  const dir = typeof options.packageDir === 'string' ? options.packageDir : fileURLToPath(options.packageDir);
  const info = readPackage(definition, dir);
  const config = (): Record<string, unknown> => options.config ?? info.example ?? {};
  const message = options.message ?? sampleMessage;

  describe(`${definition.type} conformance`, () => {
    describe('definition', () => {
      for (const check of definitionChecks(definition, info, config())) {
        it(check.name, () => {
          expect(check.problems).toEqual([]);
        });
      }
    });

    describe('lifecycle', () => {
      it('can be stopped before it started, twice', async () => {
        const cleanup = await options.setup?.();
        try {
          const { resolveSection } = await import('./resolve.js');
          const { pluginContext } = await import('./samples.js');
          const section = resolveSection(definition, 'probe', config());
          const instance = (await definition.create(
            section.own,
            pluginContext(definition, 'probe', options.sections),
          )) as {
            stop?: () => unknown;
          };
          await instance.stop?.();
          await instance.stop?.();
        } finally {
          await cleanup?.();
        }
      });
      it('starts and stops twice in a pipeline without leaking handles', async () => {
        const cleanup = await options.setup?.();
        try {
          const before = activeResources();
          for (let round = 0; round < 2; round++) {
            const p = await startTestPipeline({
              sections: lifecycleSections(definition, config(), options.sections, message),
            });
            await new Promise((r) => setTimeout(r, 30));
            await p.stop();
            expect(p.fatal, p.logs.join('\n')).toBeUndefined();
          }
          expect(await settleLeaks(before)).toEqual([]);
        } finally {
          await cleanup?.();
        }
      });
    });

    describe(`${definition.kind} behaviour`, () => {
      kindChecks(definition, { config, message, sections: options.sections, setup: options.setup });
    });
  });
}
