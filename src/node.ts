/**
 * maskscope as a library for Node: read a dump, check it, compare two. The same functions the
 * CLI and the app's worker use.
 *
 *   import { readDump, checkDump } from 'maskscope';
 *   const report = checkDump([readDump(bytes, 'attn.npz')]);
 *   report.layout.letters; // "BHQK"
 *   report.family;         // "missing-key-mask"
 */
export type { DumpFile, NamedArray } from './dump/arrays';
export { checkDump, type CheckOptions, type CheckReport, type MaskSource } from './dump/checkDump';
export { compareDumps, type Comparison } from './dump/compare';
export { DumpError } from './dump/dumpError';
export type { Family } from './dump/fingerprint';
export { FRAMEWORK_NAMES, type Framework } from './dump/fixes';
export type { Layout } from './dump/axisLayout';
export { maskFromLengths, type MaskConvention } from './dump/mask';
export { readDump, SUPPORTED_FORMATS } from './dump/readDump';
export { runCli } from './cli/run';
export { loadOrtForNode } from './cli/ortNode';
export { collectGarbage } from './cli/collectGarbage';
export { checkModel, type ModelCheck, type ModelCheckOptions } from './onnx/modelCheck';
export { API_CONVENTIONS, type ApiConvention, type ApiId } from './conventions/apis';
export { checkConvention, type ConventionCheck } from './conventions/checkConvention';
export { ConventionError } from './conventions/conventionError';
export { parseTypedMask } from './conventions/parseMask';
