/**
 * The subset of JSON Schema that plugin configurations use. The runtime validates each section
 * against the plugin's schema merged with the common keys of its kind (with ajv, strictly: unknown
 * keys are errors), applying defaults; `hekad plugins describe` and README option tables read it.
 */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null' | readonly JsonSchemaType[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  allOf?: readonly JsonSchema[];
  not?: JsonSchema;
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  /** Human-readable type for docs when `type` is not enough (e.g. "duration", "path"). */
  'x-heka-doc-type'?: string;
}

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

/** The schema of a plugin's own keys: an object of named properties. */
export interface ConfigSchema extends JsonSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchema>>;
}

/** A schema with no keys, for plugins that take none. */
export const NO_OPTIONS: ConfigSchema = Object.freeze({ type: 'object', properties: {} });
