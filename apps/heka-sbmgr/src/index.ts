/** heka-sbmgr as a library: the control messages Heka's heka-sbmgr sends to a SandboxManagerFilter. */
export { loadConfig, parseConfig, type SbmgrConfig, SbmgrConfigError } from './config.js';
export { type Action, controlMessage, frameControlMessage, type LoadRequest, type UnloadRequest } from './message.js';
export { buildRequest, runSbmgr, SBMGR_DEFAULTS, SbmgrError, type SbmgrOptions } from './sbmgr.js';
export { dial, SendError, tlsOptions, write } from './send.js';
