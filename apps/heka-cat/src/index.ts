/** heka-cat as a library: the read/filter/print loop and its Go-compatible formatters. */
export { type CatFormat, type CatOptions, type CatResult, cat, FORMATS } from './cat.js';
export { fieldCompactText, formatJson, formatTxt } from './format.js';
export { goFloat, goJsonString, goQuote, protoTextString } from './gofmt.js';
export { goTimeString, parseTzif, zoneAt, zoneFile } from './gotime.js';
export { type GoField, type GoMessage, goView } from './goview.js';
