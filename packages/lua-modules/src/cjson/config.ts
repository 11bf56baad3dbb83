/** Per-module-instance settings of cjson (lua-cjson 2.1.0 as patched for lua_sandbox). */
export interface JsonConfig {
  encodeSparseConvert: number;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  /** 0 = error, 1 = NaN/Infinity/-Infinity, 2 = null. */
  encodeInvalidNumbers: number;
  encodeNumberPrecision: number;
  decodeInvalidNumbers: number;
  decodeMaxDepth: number;
  /** Heka's addition: JSON null becomes cjson.null (true) or is dropped (false, the default). */
  decodeNull: number;
}

export function defaultConfig(): JsonConfig {
  return {
    encodeSparseConvert: 0,
    encodeSparseRatio: 2,
    encodeSparseSafe: 10,
    encodeMaxDepth: 1000,
    encodeInvalidNumbers: 0,
    encodeNumberPrecision: 14,
    decodeInvalidNumbers: 1,
    decodeMaxDepth: 1000,
    decodeNull: 0,
  };
}
