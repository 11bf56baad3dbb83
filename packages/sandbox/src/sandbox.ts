/**
 * One Lua sandbox (lua_sandbox's lsb_* life cycle on fengari): create the environment for a plugin kind,
 * load the script under the limits, restore preserved globals, call process_message / timer_event with
 * Heka's return-code and error rules, terminate on a fatal error, preserve globals on close, report
 * usage (Memory, MaxMemory, MaxInstructions, MaxOutput).
 */
import { readFile } from 'node:fs/promises';
import type { Message } from '@heka/core';
import { type InjectResult, registerApi } from './api.js';
import { buildEnvironment, isIoKind, type SandboxKind, setConfigTable } from './env.js';
import {
  internal,
  type LuaDebug,
  type LuaJsFunction,
  type LuaState,
  lauxlib,
  lua,
  makeTString,
  pushOwnedBytes,
  pushTString,
  type TString,
} from './fengari.js';
import { closeAllFiles } from './io.js';
import { MemoryGuard } from './memory.js';
import { cut, lua51Message, nativeError } from './messages.js';
import { OutputBuffer } from './output.js';
import { installPatches } from './patches.js';
import { PreservationError, serializeGlobals } from './preserve.js';
import { type Builtins, loadBuiltins, makeRequire } from './require.js';
import { StringCache, text, utf8 } from './strings.js';
import { SandboxInitError, type SandboxOptions, type Usage } from './types.js';

export { SandboxInitError, type SandboxOptions, type Usage };

installPatches();

/** Instruction count between checks of the time slice (inputs and outputs). */
const SLICE_COUNT = 10_000;
/** Longest stretch an input or output script runs before letting the event loop in. */
const SLICE_MS = 10;
/** "No limit": a count hook still runs (the memory guard needs it) but never fires in practice. */
const NO_LIMIT = 0x3fffffff;

export class LuaSandbox {
  readonly L: LuaState;
  readonly kind: SandboxKind;
  readonly memory: MemoryGuard;
  readonly output: OutputBuffer;
  readonly strings = new StringCache();
  readonly config: Readonly<Record<string, unknown>>;
  /** '' while running; the termination message once terminated. */
  lastError = '';
  terminated = false;

  /** The message process_message sees (undefined during timer_event). */
  message: Message | undefined;
  /** Provides read_message("raw"). */
  rawSource: (() => Uint8Array | undefined) | undefined;
  /** read_next_field's position. */
  fieldCursor = 0;
  /** process_message and timer_event calls made (nothing to preserve when none ran). */
  calls = 0;

  private readonly options: SandboxOptions;
  private copied = false;
  private instructionsCurrent = 0;
  private instructionsMax = 0;
  private readonly async: boolean;
  private readonly hookCount: number;
  /** Async calls: the coroutine running, when the slice began, and why it yielded. */
  private co: LuaState | undefined;
  private sliceStart = 0;
  private sliceInstructions = 0;
  private pending: Promise<void> | undefined;
  private sliceYield = false;
  private abandoned = false;
  /** A finished coroutine, ready for the next call. */
  private idle: LuaState | undefined;

  /** Loads the script (and preserved data) and returns the running sandbox; throws SandboxInitError. */
  static async create(options: SandboxOptions): Promise<LuaSandbox> {
    const builtins = await loadBuiltins();
    let source = options.source;
    if (source === undefined) {
      try {
        source = await readFile(options.filename);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? 'No such file or directory'
            : code === 'EACCES'
              ? 'Permission denied'
              : (e as Error).message;
        throw new SandboxInitError(`cannot open ${options.filename}: ${reason}`);
      }
    }
    return new LuaSandbox(options, new Uint8Array(source), builtins);
  }

  private constructor(options: SandboxOptions, source: Uint8Array, builtins: Builtins) {
    this.options = options;
    this.kind = options.kind;
    this.config = options.config;
    this.async = isIoKind(options.kind);
    this.hookCount = this.async ? SLICE_COUNT : options.instructionLimit > 0 ? options.instructionLimit : NO_LIMIT;
    this.memory = new MemoryGuard(options.memoryLimit);
    this.output = new OutputBuffer(options.outputLimit);
    const L = lauxlib.luaL_newstate();
    this.L = L;
    this.memory.attach(L);
    lua.lua_atnativeerror(L, nativeError);

    const registerRequire: LuaJsFunction = makeRequire({
      io: this.async,
      moduleDirectories: options.moduleDirectories,
      builtins,
    });
    this.requireFn = registerRequire;
    this.names = { process_message: makeTString(L, 'process_message'), timer_event: makeTString(L, 'timer_event') };
    this.serializers = builtins.serializers;
    buildEnvironment(this);
    registerApi(this);
    setConfigTable(L, options.memoryLimit, this.async ? 0 : options.instructionLimit, options.outputLimit);
    lua.lua_settop(L, 0);

    // Load and run the script under the limits.
    this.memory.measure(L);
    this.memory.enforcing = true;
    this.setHook(this.async ? NO_LIMIT : this.hookCount);
    const chunk = `@${options.filename}`;
    let status = lauxlib.luaL_loadbufferx(L, source, source.length, chunk, 't');
    if (status === lua.LUA_OK) status = lua.lua_pcall(L, 0, 0, 0);
    if (status !== lua.LUA_OK) {
      const msg = this.errorText(L, -1);
      this.terminate(msg);
      throw new SandboxInitError(this.lastError);
    }
    this.recordInstructions(L);
    this.afterCall(L);
    if (this.terminated) throw new SandboxInitError(this.lastError);
    lua.lua_settop(L, 0);

    if (options.restore !== undefined) this.restoreGlobals(options.restore);
  }

  private requireFn: LuaJsFunction;
  /** The entry point names as Lua strings made once (a lookup then costs no string copy or hashing). */
  private readonly names: Record<'process_message' | 'timer_event', TString>;
  private readonly serializers: Builtins['serializers'];

  /** require() as registered in the environment. */
  require(L: LuaState): number {
    return this.requireFn(L);
  }

  private restoreGlobals(data: Uint8Array): void {
    const L = this.L;
    this.memory.enforcing = false;
    lua.lua_sethook(L, null, 0, 0);
    let status = lauxlib.luaL_loadbufferx(L, data, data.length, '=preservation', 't');
    if (status === lua.LUA_OK) status = lua.lua_pcall(L, 0, 0, 0);
    if (status !== lua.LUA_OK) {
      const msg = this.errorText(L, -1);
      this.terminate(`lsb_restore_global_data ${msg}`);
      throw new SandboxInitError(this.lastError);
    }
    lua.lua_settop(L, 0);
    this.memory.measure(L);
    this.memory.maximum = this.memory.reachable;
    this.memory.enforcing = true;
  }

  private setHook(count: number): void {
    lua.lua_sethook(this.L, this.hook, lua.LUA_MASKCOUNT, count);
  }

  private readonly hook = (L: LuaState, _ar: LuaDebug): void => {
    if (this.async) {
      this.sliceInstructions += SLICE_COUNT;
      if (L === this.co && performance.now() - this.sliceStart > SLICE_MS && lua.lua_isyieldable(L)) {
        this.sliceYield = true;
        lua.lua_yield(L, 0);
      }
      return;
    }
    if (this.hookCount === NO_LIMIT) return;
    lua.lua_pushliteral(L, 'instruction_limit exceeded');
    lua.lua_error(L);
  };

  /**
   * lua_getglobal for an entry point, with its name made once. The globals table stays below the
   * function (callers find results one slot higher) unless `clean`.
   */
  private getGlobal(L: LuaState, name: 'process_message' | 'timer_event', clean = false): number {
    lua.lua_pushglobaltable(L);
    pushTString(L, this.names[name]);
    const t = lua.lua_gettable(L, -2);
    if (clean) lua.lua_remove(L, -2);
    return t;
  }

  /** Text of the error value at idx (a non-string prints as "(null)", as lua_sandbox's snprintf did). */
  private errorText(L: LuaState, idx: number): string {
    const t = lua.lua_type(L, idx);
    if (t !== lua.LUA_TSTRING && t !== lua.LUA_TNUMBER) return '(null)';
    const s = lua.lua_tolstring(L, idx);
    return lua51Message(s ? text(s) : '(null)');
  }

  private recordInstructions(L: LuaState, sliced = false): void {
    const I = internal(L);
    const used = sliced ? this.sliceInstructions + (SLICE_COUNT - I.hookcount) : I.basehookcount - I.hookcount;
    this.instructionsCurrent = used;
    if (used > this.instructionsMax) this.instructionsMax = used;
    this.memory.addInstructions(L, used);
  }

  /** After a call: a memory check as the allocator would have made it. Terminates when over the limit. */
  private afterCall(L: LuaState, fn?: string): boolean {
    const m = this.memory;
    if (m.limit > 0 && m.estimate > m.limit && m.overLimit(L)) {
      this.terminate(fn ? `${fn}() not enough memory` : 'not enough memory');
      return false;
    }
    m.paced(L);
    return true;
  }

  /** Stops the sandbox for good (lua_sandbox's lsb_terminate): later calls return 1. */
  terminate(message?: string): void {
    if (message !== undefined) this.lastError = cut(message);
    if (this.terminated) return;
    this.terminated = true;
    this.memory.reachable = 0;
    this.memory.debt = 0;
    closeAllFiles(this.L);
    if (this.memory.enforcing) this.memory.enforcing = false;
  }

  /** Sets the message the next process_message call sees. */
  setMessage(message: Message | undefined, raw?: () => Uint8Array | undefined): void {
    this.message = message;
    this.rawSource = raw;
    this.fieldCursor = 0;
    this.copied = false;
  }

  raw(): Uint8Array | undefined {
    return this.rawSource?.();
  }

  /** The message write_message changes: encoders work on a copy (copy on first write). */
  writableMessage(): Message | undefined {
    if (this.message !== undefined && this.kind === 'encoder' && !this.copied) {
      this.message = this.message.clone();
      this.copied = true;
    }
    return this.message;
  }

  pushPayload(L: LuaState, payload: string): void {
    const b = utf8(payload); // a fresh array: the Lua string can own it
    this.memory.charge(L, 25 + b.length);
    pushOwnedBytes(L, b);
  }

  inject(payload: Uint8Array, type: string, name: string): InjectResult {
    return this.options.inject ? this.options.inject(payload, type, name) : 0;
  }

  /** Whether inject_message(table) gives messages (options.injectMessage) rather than bytes. */
  get takesMessages(): boolean {
    return this.options.injectMessage !== undefined;
  }

  injectMessage(m: Message, size: number, encoded: () => Uint8Array): InjectResult {
    return this.options.injectMessage ? this.options.injectMessage(m, size, encoded) : 0;
  }

  /** From an API function: waits for `p` (back-pressure) by yielding when the call runs as a coroutine. */
  waitFor(L: LuaState, p: Promise<void>): number {
    if (L === this.co && lua.lua_isyieldable(L)) {
      this.pending = p;
      return lua.lua_yield(L, 0);
    }
    p.catch(() => undefined);
    return 0;
  }

  /** process_message(): its status (0 ok, < 0 failure, > 0 fatal). lastError has the message, if any. */
  processMessage(): number {
    if (this.terminated) return 1;
    this.calls++;
    const L = this.L;
    lua.lua_settop(L, 0);
    this.setHook(this.hookCount);
    if (this.getGlobal(L, 'process_message') !== lua.LUA_TFUNCTION) {
      lua.lua_settop(L, 0);
      this.terminate('process_message() function was not found');
      return 1;
    }
    const status = lua.lua_pcall(L, 0, 2, 0);
    return this.finishProcess(L, status, 2);
  }

  /** Reads process_message's results (at 1 and 2 of the thread's stack). */
  private finishProcess(L: LuaState, status: number, base: number, recorded = false): number {
    if (status !== lua.LUA_OK) return this.failed(L, 'process_message');
    if (lua.lua_type(L, base) !== lua.LUA_TNUMBER) {
      lua.lua_settop(L, 0);
      this.terminate('process_message() must return a numeric status code');
      return 1;
    }
    const code = Math.trunc(lua.lua_tonumber(L, base)) | 0;
    const t2 = lua.lua_type(L, base + 1);
    if (t2 === lua.LUA_TNIL || t2 === lua.LUA_TNONE) this.lastError = '';
    else if (t2 === lua.LUA_TSTRING) this.lastError = cut(text(lua.lua_tolstring(L, base + 1) as Uint8Array));
    else {
      lua.lua_settop(L, 0);
      this.terminate('process_message() must return a nil or string error message');
      return 1;
    }
    lua.lua_settop(L, 0);
    if (!recorded) this.recordInstructions(L);
    if (!this.afterCall(this.L, 'process_message')) return 1;
    return code;
  }

  private failed(L: LuaState, fn: string): number {
    const msg = `${fn}() ${this.errorText(L, -1)}`;
    lua.lua_settop(L, 0);
    // "aborted": Heka was shutting down; the sandbox is kept so its data can be preserved.
    if (msg.endsWith('aborted')) this.lastError = cut(msg);
    else this.terminate(msg);
    return 1;
  }

  /** timer_event(ns): 0, or 1 when the sandbox was terminated. */
  timerEvent(ns: number): number {
    if (this.terminated) return 1;
    this.calls++;
    const L = this.L;
    lua.lua_settop(L, 0);
    this.setHook(this.hookCount);
    if (this.getGlobal(L, 'timer_event') !== lua.LUA_TFUNCTION) {
      lua.lua_settop(L, 0);
      this.terminate('timer_event() function was not found');
      return 1;
    }
    lua.lua_pushnumber(L, ns);
    if (lua.lua_pcall(L, 1, 0, 0) !== lua.LUA_OK) return this.failed(L, 'timer_event');
    lua.lua_settop(L, 0);
    return this.finishTimer(L);
  }

  private finishTimer(L: LuaState, recorded = false): number {
    if (!recorded) this.recordInstructions(L);
    // Heka ran a full collection after each timer_event: a census here.
    this.memory.measure(this.L);
    if (this.memory.limit > 0 && this.memory.reachable > this.memory.limit) {
      this.terminate('timer_event() not enough memory');
      return 1;
    }
    return 0;
  }

  /**
   * Inputs and outputs: the same calls run as a coroutine that yields every SLICE_MS (so a long or
   * endless process_message never blocks Node's event loop) and while an injection waits for room.
   * Returns the status at once when nothing yielded.
   */
  callAsync(fn: 'process_message' | 'timer_event', ns = 0): number | Promise<number> {
    if (this.terminated) return 1;
    this.calls++;
    const L = this.L;
    // A coroutine that returned normally is reused; one that failed or was abandoned is replaced.
    let co = this.idle;
    this.idle = undefined;
    if (co === undefined) {
      lua.lua_settop(L, 0);
      co = lua.lua_newthread(L);
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'heka.running');
    }
    lua.lua_settop(co, 0);
    lua.lua_sethook(co, this.hook, lua.LUA_MASKCOUNT, SLICE_COUNT);
    if (this.getGlobal(co, fn, true) !== lua.LUA_TFUNCTION) {
      this.terminate(`${fn}() function was not found`);
      return 1;
    }
    let nargs = 0;
    if (fn === 'timer_event') {
      lua.lua_pushnumber(co, ns);
      nargs = 1;
    }
    this.co = co;
    this.sliceInstructions = 0;
    this.abandoned = false;
    return this.resume(co, fn, nargs);
  }

  private resume(co: LuaState, fn: 'process_message' | 'timer_event', nargs: number): number | Promise<number> {
    this.sliceStart = performance.now();
    this.sliceYield = false;
    const status = lua.lua_resume(co, this.L, nargs);
    if (status === lua.LUA_YIELD) {
      const wait = this.pending;
      this.pending = undefined;
      if (wait === undefined && !this.sliceYield) {
        this.co = undefined;
        this.terminate(`${fn}() attempt to yield across a C-call boundary`);
        return 1;
      }
      const next = wait ?? new Promise<void>((r) => setImmediate(r));
      return next.then(
        () => (this.abandoned || this.terminated ? 1 : this.resume(co, fn, 0)),
        () => (this.abandoned || this.terminated ? 1 : this.resume(co, fn, 0)),
      );
    }
    this.co = undefined;
    this.recordInstructions(co, true);
    if (status !== lua.LUA_OK) return this.failed(co, fn);
    this.idle = co;
    if (fn === 'timer_event') {
      lua.lua_settop(co, 0);
      return this.finishTimer(co, true);
    }
    lua.lua_settop(co, 2);
    return this.finishProcess(co, lua.LUA_OK, 1, true);
  }

  /** Gives up a call that is waiting (the plugin is stopping); the sandbox stays usable for preservation. */
  abandon(): void {
    this.abandoned = true;
    this.co = undefined;
  }

  /**
   * The globals as lua_sandbox's preservation source (Latin-1 text: one char per byte), or throws with
   * lua_sandbox's message. Undefined when terminated (a terminated sandbox has no state to preserve).
   */
  preserve(): string | undefined {
    if (this.terminated) return undefined;
    const L = this.L;
    this.memory.enforcing = false;
    lua.lua_sethook(L, null, 0, 0);
    try {
      return serializeGlobals(L, this.serializers);
    } catch (e) {
      if (e instanceof PreservationError) throw e;
      throw new PreservationError((e as Error).message);
    }
  }

  /** Ends the sandbox (after preserve(), if wanted). */
  close(): void {
    this.abandon();
    if (!this.terminated) {
      this.terminated = true;
      closeAllFiles(this.L);
    }
  }

  usage(): Usage {
    return {
      memory: this.terminated ? 0 : this.memory.current,
      maxMemory: this.memory.maximum,
      memoryLimit: this.memory.limit,
      instructions: this.instructionsCurrent,
      maxInstructions: this.instructionsMax,
      instructionLimit: this.async ? 0 : this.options.instructionLimit,
      output: this.output.pos,
      maxOutput: this.output.maximum,
      outputLimit: this.output.limit,
    };
  }
}
