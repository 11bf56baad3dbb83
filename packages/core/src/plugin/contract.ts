/**
 * What a plugin instance looks like for each kind, and the contexts the runtime gives it.
 * Instances are small on purpose: the runtime owns matching, tickers, encoders, framing, splitting,
 * decoding, retries, queues and back-pressure.
 */
import type { Message } from '../message/message.js';
import type { PluginDefinition } from './define.js';

export interface Logger {
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
  error(message: string, details?: Readonly<Record<string, unknown>>): void;
}

/** The `[hekad]` settings plugins may need. */
export interface PluginGlobals {
  /** Stamped on messages that hekad and plugins generate. */
  readonly hostname: string;
  readonly pid: number;
  /** Writable state (journals, queues, checkpoints). */
  readonly baseDir: string;
  /** Read-only assets (lua_modules, lua_decoders, ...). */
  readonly shareDir: string;
  readonly maxMessageSize: number;
  readonly maxMessageLoops: number;
  readonly maxProcessInject: number;
  readonly maxTimerInject: number;
  readonly sampleDenominator: number;
  /** Heka's log_flags: 0 no prefix, 1 date, 2 time, 3 both (for plugins that write log-style lines). */
  readonly logFlags: number;
}

export interface PluginContext {
  /** The instance (section) name. */
  readonly name: string;
  readonly type: string;
  readonly logger: Logger;
  readonly globals: PluginGlobals;
  /** Resolves a relative path against base_dir (writable) or share_dir (read-only), as Heka does. */
  resolvePath(root: 'base' | 'share', path: string): string;
  /**
   * Makes an instance of another configured decoder (MultiDecoder's subs). Throws when there is no such
   * decoder, or when decoders would contain themselves.
   */
  createDecoder(name: string): Promise<DecoderInstance>;
}

/** A figure for reports: a bare number counts things; otherwise say its unit (Heka's representation). */
export type ReportValue = number | { readonly value: number; readonly representation: string };

/** Anything with an idempotent stop(); the runtime may call it more than once, or before start. */
export interface Stoppable {
  stop?(): void | Promise<void>;
  /** Called on SIGHUP when the plugin's configuration did not change (e.g. reopen a file for logrotate). */
  reopen?(): void | Promise<void>;
  /**
   * The plugin's own figures, merged into its entry of `heka.all-report` and the SIGUSR1 table
   * (a sandbox's Memory, MaxMemory, MaxInstructions, MaxOutput). Called on every report: keep it cheap.
   */
  report?(): Readonly<Record<string, ReportValue>>;
}

// Splitters -------------------------------------------------------------------------------------------

export interface SplitResult {
  /** Bytes of `buf` used up (a record, its delimiter, skipped garbage). */
  consumed: number;
  /** The record found, as a view of `buf` (valid only during the call); undefined when more data is needed. */
  record?: Uint8Array;
}

export interface SplitterInstance extends Stoppable {
  /**
   * Looks for the next record at the start of `buf` (the unscanned data). Between calls the runtime never
   * changes bytes that were not consumed: a call for the rest of the same buffer may reuse work done on it.
   */
  findRecord(buf: Uint8Array): SplitResult;
  /**
   * Optional fast path for splitters whose record is exactly the bytes it consumes (no framing, nothing
   * skipped), such as a delimiter splitter: the end (exclusive) of the first record in `buf[from, to)`,
   * or -1 when more data is needed. It must agree with findRecord; the runtime prefers it (no result
   * object and no view per record). Bytes of `buf` outside `[from, to)` are not the stream's.
   */
  recordEnd?(buf: Uint8Array, from: number, to: number): number;
  /**
   * For framing splitters: removes the framing from a record and authenticates it. Returns the inner
   * bytes (and the verified signer), or null to drop the record.
   */
  unframe?(record: Uint8Array): { bytes: Uint8Array; signer?: string } | null;
}

// Decoders --------------------------------------------------------------------------------------------

/** What a decoder receives: a message made from a text record, or protobuf bytes with an empty message. */
export interface DecoderPack {
  readonly message: Message;
  /** The record's bytes when the splitter delivers message bytes (use_message_bytes); else undefined. */
  readonly bytes: Uint8Array | undefined;
  /** Signer verified by a framing splitter, if any. */
  readonly signer: string | undefined;
}

/** 0..n messages. Throwing means the record failed to decode (counted, logged, optionally routed). */
export type DecodeResult = Message | readonly Message[] | null | undefined;

export interface DecoderInstance extends Stoppable {
  decode(pack: DecoderPack, ctx: PluginContext): DecodeResult | Promise<DecodeResult>;
}

// Encoders --------------------------------------------------------------------------------------------

/** Bytes (or text, sent as UTF-8) for one message; null or undefined sends nothing. */
export type EncodeResult = Uint8Array | string | null | undefined;

export interface EncoderInstance extends Stoppable {
  encode(message: Message, ctx: PluginContext): EncodeResult;
}

// Inputs ----------------------------------------------------------------------------------------------

export interface StreamOptions {
  /** Name for diagnostics (a remote address, a file path). */
  name?: string;
  /**
   * Called on each message made from a text record (not on protobuf records), to set Type, Hostname
   * and the like (Heka's pack decorator).
   */
  decorate?: (message: Message) => void;
  /**
   * Told the stream offset up to which every record has been fully processed by every plugin that
   * received it (in order). Inputs that checkpoint (file journals) use it for at-least-once delivery.
   */
  onAck?: (offset: number) => void;
  /**
   * Each write() is a whole datagram: records never span writes, and what is left after the last record
   * of a datagram is delivered only with deliver_incomplete_final (Heka's SplitBytes, for UDP).
   */
  datagrams?: boolean;
}

export interface InputStream {
  /** Feeds bytes. A returned promise means "full": wait for it before writing more (back-pressure). */
  write(chunk: Uint8Array): void | Promise<void>;
  /** End of stream (delivers the trailing partial record when deliver_incomplete_final is set). */
  end(): void | Promise<void>;
  /** Stream offset of the next byte write() will receive. */
  readonly offset: number;
}

export interface DeliverOptions {
  /** Called once every plugin that received the message is done with it (at-least-once inputs). */
  ack?: () => void;
}

export interface InputContext extends PluginContext {
  /** Aborted when the input must stop; run() should then return promptly. */
  readonly signal: AbortSignal;
  /** The section's ticker_interval in seconds (0 when unset), for polling inputs. */
  readonly tickerInterval: number;
  /** A byte stream (a connection, a file) with its own splitter and decoder instances. */
  openStream(options?: StreamOptions): InputStream;
  /**
   * Delivers a message through this input's decoder (if any) to the router. A returned promise means
   * the pipeline is full: wait for it before delivering more.
   */
  deliver(message: Message, options?: DeliverOptions): void | Promise<void>;
}

export interface InputInstance extends Stoppable {
  /** Runs until ctx.signal aborts (or the input's work is done). Rejecting triggers the restart policy. */
  run(ctx: InputContext): Promise<void>;
}

// Filters and outputs ---------------------------------------------------------------------------------

export interface InjectOptions {
  /**
   * The message starts a new chain (loop count 0) instead of descending from the message being
   * processed: for notices about the plugin itself, such as its termination, which must get out even
   * when the current message is at max_message_loops.
   */
  fresh?: boolean;
}

/** A filter section added while hekad runs (SandboxManagerFilter's dynamic filters). */
export interface DynamicFilterSpec {
  /** The instance name; it must not be taken by a running plugin or a configured section. */
  readonly name: string;
  /** The filter's plugin (the caller brings its own, e.g. SandboxFilter). */
  readonly definition: PluginDefinition;
  /** The section as TOML gives it: common keys (message_matcher, ticker_interval, ...) and own keys. */
  readonly table: Readonly<Record<string, unknown>>;
  /** Where the section came from, for error messages (a file, or the control message's sender). */
  readonly source: string;
}

/** Adding and removing filters at run time. */
export interface DynamicFilters {
  /** Validates and starts the filter; throws PluginConfigError (naming the key) when the section is bad. */
  add(spec: DynamicFilterSpec): Promise<void>;
  /**
   * Stops a filter added by `add` after it processed what it had queued; false when there is no such
   * dynamic filter. hekad announces it with `heka.terminated` ("Filter unloaded.").
   */
  remove(name: string): Promise<boolean>;
  /** Whether a plugin of that name runs (configured or dynamic). */
  has(name: string): boolean;
  /** Names of the filters added by `add` that still run. */
  names(): string[];
}

export interface FilterContext extends PluginContext {
  /**
   * Sends a new message into the router. Throws InjectionError when loop protection refuses it
   * (too many generations, or the filter's own matcher would receive it).
   */
  inject(message: Message, options?: InjectOptions): void;
  /** Filters added and removed while hekad runs. */
  readonly filters: DynamicFilters;
}

export interface FilterInstance extends Stoppable {
  /** Handles one matched message. Throwing counts a failure; throwing PluginFatalError stops the plugin. */
  process(message: Message, ctx: FilterContext): void | Promise<void>;
  /** Called every ticker_interval seconds; `now` is in nanoseconds. */
  tick?(ctx: FilterContext, now: bigint): void | Promise<void>;
}

export interface OutputContext extends PluginContext {
  /** The configured encoder's bytes for a message (framed when use_framing); null when it sends nothing. */
  encode(message: Message): Uint8Array | null;
}

export interface OutputInstance extends Stoppable {
  /**
   * Delivers one matched message. Resolve once it is delivered (or durably queued): the message counts
   * as done then. Throw RetryLater to have the same message retried with back-off.
   */
  process(message: Message, ctx: OutputContext): void | Promise<void>;
  /**
   * Optional: delivers every message queued so far at once, in order (one write for many records).
   * When present the runtime calls it instead of process(). The same rules apply to the whole batch:
   * resolve once all are delivered; RetryLater retries the whole batch; any other error counts every
   * message of the batch as failed.
   */
  processBatch?(messages: readonly Message[], ctx: OutputContext): void | Promise<void>;
  tick?(ctx: OutputContext, now: bigint): void | Promise<void>;
}

export interface InstanceByKind {
  input: InputInstance;
  splitter: SplitterInstance;
  decoder: DecoderInstance;
  filter: FilterInstance;
  encoder: EncoderInstance;
  output: OutputInstance;
}
