import type { ConfigSchema } from '@heka/core';
import { TLS_SCHEMA, type TlsConfig } from '@heka/net';

export type TcpInputConfig = {
  address: string;
  net: 'tcp' | 'tcp4' | 'tcp6' | 'unix' | 'unixpacket';
  use_tls: boolean;
  tls: TlsConfig;
  keep_alive: boolean;
  keep_alive_period: number;
};

export const configSchema: ConfigSchema = {
  type: 'object',
  required: ['address'],
  properties: {
    address: {
      type: 'string',
      description: 'Where to listen: "host:port", "[v6]:port" or ":port" (every interface); a path for net = "unix".',
    },
    net: {
      enum: ['tcp', 'tcp4', 'tcp6', 'unix', 'unixpacket'],
      default: 'tcp',
      description: 'Network: tcp (IPv4 and IPv6), tcp4, tcp6 or unix ("unixpacket" is refused: Node has none).',
    },
    use_tls: { type: 'boolean', default: false, description: 'Accept TLS connections (configured by tls).' },
    tls: TLS_SCHEMA,
    keep_alive: { type: 'boolean', default: false, description: 'Enable TCP keepalive on accepted connections.' },
    keep_alive_period: {
      type: 'integer',
      minimum: 0,
      default: 7200,
      description: 'Seconds of idle before keepalive probes start (with keep_alive; 0: the OS default).',
    },
  },
};
