/** Heka's `tls` sub-table (plugins/tcp/tls.go): its keys, Heka's defaults, and the JSON Schema plugins embed. */
import type { JsonSchema } from '@heka/core';

export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuth = (typeof CLIENT_AUTH_TYPES)[number];

export const TLS_VERSIONS = ['SSL30', 'TLS10', 'TLS11', 'TLS12'] as const;
export type TlsVersionName = (typeof TLS_VERSIONS)[number];

/** Go's cipher suite names (the only ones Heka accepts) → OpenSSL's names. */
export const GO_CIPHERS: Readonly<Record<string, string>> = {
  RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
};

/** The `tls` sub-table with defaults applied (TOML key names). */
export interface TlsConfig {
  server_name: string;
  cert_file: string;
  key_file: string;
  client_auth: ClientAuth;
  ciphers: string[];
  insecure_skip_verify: boolean;
  prefer_server_ciphers: boolean;
  session_tickets_disabled: boolean;
  /** Sic: Heka's TOML key is misspelled, and so it is here. */
  sesion_ticket_key: string;
  min_version?: TlsVersionName;
  max_version?: TlsVersionName;
  client_cafile: string;
  root_cafile: string;
}

const str = (description: string): JsonSchema => ({ type: 'string', default: '', description });
const bool = (def: boolean, description: string): JsonSchema => ({ type: 'boolean', default: def, description });

const tlsSchema: JsonSchema = {
  type: 'object',
  description: 'TLS settings, used when use_tls = true (Heka\'s TlsConfig; see the "tls.*" rows).',
  additionalProperties: false,
  default: {},
  properties: {
    server_name: str('Client: the server name sent (SNI) and verified in its certificate.'),
    cert_file: str('PEM certificate presented to the other side.'),
    key_file: str("PEM private key of cert_file's certificate."),
    client_auth: {
      enum: CLIENT_AUTH_TYPES,
      default: 'NoClientCert',
      description: 'Server: whether client certificates are requested, required and verified.',
    },
    ciphers: {
      type: 'array',
      items: { enum: Object.keys(GO_CIPHERS) },
      default: [],
      description: 'Cipher suites (Go names) for TLS 1.2 and older, in order of preference; empty: the defaults.',
    },
    insecure_skip_verify: bool(false, 'Client: accept any server certificate and host name (testing only).'),
    prefer_server_ciphers: bool(true, "Server: use the server's cipher order rather than the client's."),
    session_tickets_disabled: bool(false, 'Server: disable session resumption with tickets (RFC 5077).'),
    sesion_ticket_key: str('Server: 32 bytes as 64 hex digits for session tickets (sic: Heka spells it so).'),
    min_version: { enum: TLS_VERSIONS, description: 'Oldest protocol version accepted (default: TLS12).' },
    max_version: { enum: TLS_VERSIONS, description: 'Newest protocol version accepted (default: TLS 1.3).' },
    client_cafile: str('Server: PEM CA certificates that client certificates must chain to.'),
    root_cafile: str('Client: PEM CA certificates that the server certificate must chain to.'),
  },
};

/** The schema of the `tls` sub-table; embed it as the `tls` property of a plugin's schema. */
export const TLS_SCHEMA: JsonSchema = Object.freeze(tlsSchema);
