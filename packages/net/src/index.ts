/**
 * @heka/net: network helpers shared by plugins. Heka's `net`/`address` pairs parsed for Node, and
 * Heka's `tls` sub-table (schema, and the Node TLS options it means). Test certificates live in the
 * "@heka/net/testing" entry point.
 */
export {
  type DatagramNet,
  type InetAddress,
  isUnixNet,
  joinHostPort,
  type NetAddress,
  type NetName,
  type ParseOptions,
  parseAddress,
  peerAddress,
  resolveHost,
  type StreamNet,
  splitHostPort,
  type UnixAddress,
  unmapIPv4,
} from './address.js';
export { listen, unixSocketInUse } from './listen.js';
export { type ClientTls, clientTlsOptions, type ServerTls, serverTlsOptions } from './tls-options.js';
export {
  CLIENT_AUTH_TYPES,
  type ClientAuth,
  GO_CIPHERS,
  TLS_SCHEMA,
  TLS_VERSIONS,
  type TlsConfig,
  type TlsVersionName,
} from './tls-schema.js';
export { readTlsTable } from './tls-table.js';
