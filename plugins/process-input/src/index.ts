/**
 * ProcessInput: runs a chain of commands (stdout of each into stdin of the next) every ticker_interval
 * seconds, or once for ticker_interval = 0, and sends the last command's stdout (and/or stderr) through
 * the input's splitter and decoder. As Heka's plugins/process/process_input.go and process_chain.go.
 */
import {
  definePlugin,
  Field,
  type InputContext,
  type InputInstance,
  type Message,
  maxRecordSize,
  type PluginContext,
} from '@heka/core';
import { Ticker } from '@heka/go-time';
import { type ChainStatus, CommandChain, type CommandSpec } from './chain.js';
import { RunOutput } from './output.js';
import { configSchema, type ProcessInputConfig, toSpecs } from './schema.js';

type StreamName = 'stdout' | 'stderr';

class ProcessInput implements InputInstance {
  private chain: CommandChain | undefined;

  constructor(
    private readonly specs: readonly CommandSpec[],
    private readonly config: ProcessInputConfig,
    private readonly base: PluginContext,
  ) {}

  async run(ctx: InputContext): Promise<void> {
    const seconds = ctx.tickerInterval;
    if (seconds === 0) {
      // Run once, for a long-running command: its output is streamed as it comes.
      await this.runOnce(ctx, true);
      return;
    }
    if (this.config.immediate_start) await this.runOnce(ctx, false);
    const ticker = new Ticker(seconds * 1000, ctx.signal);
    while (await ticker.wait()) await this.runOnce(ctx, false);
  }

  /** One run of the chain; throws (the restart policy applies) when a command cannot start. */
  private async runOnce(ctx: InputContext, streaming: boolean): Promise<void> {
    if (ctx.signal.aborted) return;
    const { stdout, stderr, timeout } = this.config;
    const chain = new CommandChain(this.specs, timeout * 1000);
    await chain.start({ stdout, stderr });
    this.chain = chain;
    const onAbort = (): void => chain.kill();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    // Records made before the chain ends (streaming) carry a zero status, as Heka's first run did.
    const status: ChainStatus = { exitStatus: 0, subcmdErrors: undefined };
    const limit = maxRecordSize(this.base.globals.maxMessageSize);
    const outputs: RunOutput[] = [];
    const add = (source: typeof chain.stdout, stream: StreamName): void => {
      if (source)
        outputs.push(
          new RunOutput(ctx, source, `${ctx.name}.${stream}`, this.decorator(stream, status), streaming, limit),
        );
    };
    if (stdout) add(chain.stdout, 'stdout');
    if (stderr) add(chain.stderr, 'stderr');
    try {
      Object.assign(status, await chain.wait());
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      this.chain = undefined;
      // Stopping: what a killed run collected is dropped; streamed output is closed.
      const deliver = !ctx.signal.aborted;
      for (const o of outputs) await o.finish(deliver);
    }
  }

  /** Heka's pack decorator: Type, Pid, Hostname and the ProcessInputName, ExitStatus, SubcmdErrors fields. */
  private decorator(stream: StreamName, status: ChainStatus): (m: Message) => void {
    const { hostname, pid } = this.base.globals;
    const inputName = new Field('ProcessInputName', 'string', '', [`${this.base.name}.${stream}`]);
    let exitField: Field | undefined;
    let errorsField: Field | undefined;
    return (m) => {
      m.type = 'ProcessInput';
      m.pid = pid;
      m.hostname = hostname;
      m.addField(inputName);
      if (exitField?.value[0] !== status.exitStatus) {
        exitField = new Field('ExitStatus', 'integer', '', [status.exitStatus]);
      }
      m.addField(exitField);
      if (status.subcmdErrors !== undefined) {
        if (errorsField?.value[0] !== status.subcmdErrors) {
          errorsField = new Field('SubcmdErrors', 'string', '', [status.subcmdErrors]);
        }
        m.addField(errorsField);
      }
    };
  }

  stop(): void {
    this.chain?.kill();
  }
}

export default definePlugin<'input', ProcessInputConfig>({
  type: 'ProcessInput',
  kind: 'input',
  description: 'Runs a chain of commands on a schedule and turns their output into messages.',
  configSchema,
  commonDefaults: { ticker_interval: 15 },
  create: (config: ProcessInputConfig, ctx: PluginContext) => new ProcessInput(toSpecs(config), config, ctx),
});
