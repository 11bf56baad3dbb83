/**
 * @heka/sandbox: Heka's Lua sandbox on fengari — the environment per plugin kind, require, limits,
 * the Heka API, injection rules, preservation — and the instances of the five sandbox plugin types
 * (the plugin packages only declare them; SandboxManagerFilter reuses the filter).
 */
export type { InjectResult, InjectStatus } from './api.js';
export { encodeTable, setUuidSource } from './encode.js';
export { isIoKind, type SandboxKind } from './env.js';
export { census, MemoryGuard } from './memory.js';
export { lua51Message } from './messages.js';
export { formatG, luaNumberToString, outputNumber, serializeNumber } from './numbers.js';
export {
  finish,
  type ReportFields,
  type Started,
  startSandbox,
  terminationMessage,
  usageReport,
} from './plugin/common.js';
export { fillHeaders, SandboxDecoderInstance } from './plugin/decoder.js';
export { SandboxEncoderInstance } from './plugin/encoder.js';
export { filterMessage, injectionCode, SandboxFilterInstance } from './plugin/filter.js';
export { SandboxInputInstance } from './plugin/input.js';
export {
  preservationName,
  type Resolved,
  readPreserved,
  resolveOptions,
  type SandboxConfig,
  sandboxSchema,
} from './plugin/options.js';
export { SandboxOutputInstance } from './plugin/output.js';
export { PreservationError } from './preserve.js';
export { LuaSandbox, SandboxInitError, type SandboxOptions, type Usage } from './sandbox.js';
export { parseTimestampText, reinterpretInZone } from './time.js';
