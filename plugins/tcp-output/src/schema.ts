import type { ConfigSchema } from '@heka/core';
import { TLS_SCHEMA, type TlsConfig } from '@heka/net';

export type TcpOutputConfig = {
  address: string;
  local_address: string;
  use_tls: boolean;
  tls: TlsConfig;
  keep_alive: boolean;
  keep_alive_period: number;
  reconnect_after: number;
};

export const configSchema: ConfigSchema = {
  type: 'object',
  properties: {
    address: {
      type: 'string',
      default: 'localhost:9125',
      description: 'Where to connect: "host:port" or "[v6]:port".',
    },
    local_address: {
      type: 'string',
      default: '',
      description: 'Source address of the connection: an IP, or "ip:port"; empty lets the system choose.',
    },
    use_tls: { type: 'boolean', default: false, description: 'Connect with TLS (configured by tls).' },
    tls: TLS_SCHEMA,
    keep_alive: { type: 'boolean', default: false, description: 'Enable TCP keepalive on the connection.' },
    keep_alive_period: {
      type: 'integer',
      minimum: 0,
      default: 7200,
      description: 'Seconds of idle before keepalive probes start (with keep_alive; 0: the OS default).',
    },
    reconnect_after: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Close and re-open the connection after this many delivered messages (0: never).',
    },
  },
};
