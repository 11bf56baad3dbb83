/**
 * @heka/testkit: the conformance harness plugin tests call, and real in-process pipelines for
 * behaviour tests.
 */

export { type CliResult, type CliRunner, type CliRunOptions, cliRunner, type RunningCli } from './cli-runner.js';
export { type ConformanceOptions, conformance } from './conformance.js';
export { type Check, definitionChecks, readPackage } from './definition-checks.js';
export { activeResources, leaked, settleLeaks } from './handles.js';
export {
  one,
  parseText,
  protocDecode,
  protocDecodeText,
  protocEncode,
  str,
  type TextMessage,
  type TextValue,
} from './protoc.js';
export { documentedOptions, readmeExample, tomlBlocks } from './readme.js';
export { configProblems, resolveSection } from './resolve.js';
export { pluginContext, sampleMessage } from './samples.js';
export {
  chunksOf,
  randomSizes,
  type SplitOptions,
  type SplitRun,
  type StreamFeed,
  splitStreams,
} from './stream-split.js';
export { startTestPipeline, type TestPipeline, type TestPipelineOptions, type TestSection } from './test-pipeline.js';
export {
  encodedOutput,
  messageInput,
  recordInput,
  untilAborted,
  wholeSplitter,
} from './test-plugins.js';
