// The workloads: Apache-style access lines (~100–120 B, as in Vector's comparison) and framed Heka
// protobuf messages. Record i is a pure function of (SEED, i), so a sink can check any record it receives:
// every line carries its index (base 36) as the last segment of its request path.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SEED = 0x4e6b61; // fixed: the same workload in every run and on every machine
export const CACHE = join(tmpdir(), 'heka-bench-e2e');

/** A small, fast 32-bit hash (murmur3 finaliser) of (seed, i, k): the "random" draws of record i. */
function draw(i, k) {
  let h = (SEED ^ Math.imul(i, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD'];
const SECTIONS = ['api/v1/items', 'static/js', 'img', 'login', 'search', 'cart', 'docs/guide', 'user'];
const STATUSES = ['200', '200', '200', '200', '200', '304', '301', '404', '500', '503'];
const USERS = ['-', '-', '-', 'frank', 'alice', 'bob'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'Go-http-client/1.1', 'Wget/1.21.3'];
const BASE_SECONDS = Date.UTC(2026, 10, 24, 10, 0, 0) / 1000;
const two = (n) => (n < 10 ? `0${n}` : `${n}`);

/** The parts of line i (what a regex parser must find in it). */
export function apacheFields(i) {
  const a = draw(i, 0);
  const b = draw(i, 1);
  const d = new Date((BASE_SECONDS + Math.floor(i / 64)) * 1000);
  return {
    host: `${10 + (a & 127)}.${(a >>> 7) & 255}.${(a >>> 15) & 255}.${1 + ((a >>> 23) % 254)}`,
    user: USERS[b % USERS.length],
    timestamp: `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`,
    method: METHODS[(b >>> 3) & 7],
    path: `/${SECTIONS[(b >>> 6) & 7]}/${i.toString(36)}`,
    protocol: 'HTTP/1.1',
    status: STATUSES[(b >>> 9) % STATUSES.length],
    bytes: String(200 + ((b >>> 13) % 48000)),
    referer: '-',
    agent: AGENTS[(b >>> 29) & 3],
  };
}

/** Line i, without its newline. */
export function apacheLine(i) {
  const f = apacheFields(i);
  return `${f.host} - ${f.user} [${f.timestamp}] "${f.method} ${f.path} ${f.protocol}" ${f.status} ${f.bytes} "${f.referer}" "${f.agent}"`;
}

/** The index carried by a line or a path (the last path segment, base 36); -1 if none. */
export function indexOfPath(path) {
  const slash = path.lastIndexOf('/');
  const n = Number.parseInt(path.slice(slash + 1), 36);
  return Number.isSafeInteger(n) && slash >= 0 ? n : -1;
}

/** The request path inside a line; '' if the line has none. */
export function pathOfLine(line) {
  const q = line.indexOf('"');
  const s = line.indexOf(' ', q);
  const e = line.indexOf(' ', s + 1);
  return q < 0 || s < 0 || e < 0 ? '' : line.slice(s + 1, e);
}

/** Whether `line` (no newline) is exactly line i of the workload, for the i it names. */
export function checkLine(line) {
  const i = indexOfPath(pathOfLine(line));
  return i >= 0 && apacheLine(i) === line;
}

/** The Type of protobuf message i: round robin over three, for the matcher routing of protobuf_relay. */
export const RELAY_TYPES = ['bench.a', 'bench.b', 'bench.c'];

/** Writes `count` records to a cached file (built once per size) and returns its path. */
export async function workloadFile(kind, count) {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${kind}-${SEED.toString(16)}-${count}.${kind === 'lines' ? 'log' : 'hpb'}`);
  if (existsSync(file)) return file;
  const make = kind === 'lines' ? lineBatch : await protobufBatch();
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  for (let i = 0; i < count; i += 8192) writeSync(fd, make(i, Math.min(count, i + 8192)));
  closeSync(fd);
  renameSync(tmp, file);
  return file;
}

function lineBatch(from, to) {
  let s = '';
  for (let i = from; i < to; i++) s += `${apacheLine(i)}\n`;
  return Buffer.from(s, 'latin1');
}

/** Heka message i as built by @heka/core (loaded only when the protobuf workload is needed). */
export async function protobufMessage() {
  const { Message } = await import('@heka/core');
  return (i) =>
    new Message({
      uuid: Buffer.from(`${draw(i, 7).toString(16).padStart(8, '0')}${i.toString(16).padStart(24, '0')}`, 'hex'),
      timestamp: BigInt(BASE_SECONDS + Math.floor(i / 64)) * 1_000_000_000n + BigInt(i % 64),
      type: RELAY_TYPES[i % 3],
      logger: 'heka-bench',
      severity: 6,
      payload: apacheLine(i),
      pid: 4242,
      hostname: 'bench-host',
      fields: [
        { name: 'seq', valueType: 'integer', value: i },
        { name: 'status', value: apacheFields(i).status },
      ],
    });
}

async function protobufBatch() {
  const { encodeFrame, encodeMessage } = await import('@heka/core');
  const make = await protobufMessage();
  return (from, to) => {
    const frames = [];
    for (let i = from; i < to; i++) frames.push(encodeFrame(encodeMessage(make(i))));
    return Buffer.concat(frames);
  };
}
