/**
 * MaskMode to and from JSON (golden cases.json, saved sessions). JSON has no -Infinity, so
 * non-finite constants travel as the strings "-Infinity", "Infinity" and "NaN".
 */
import type { MaskKind, MaskMode } from './maskMode';
import { isMaskKind, isConstantKind, MASK_KINDS } from './modes';

/** A MaskMode as JSON-safe data: `{ kind }` or `{ kind, constant }`. */
export interface SerialisedMaskMode {
  readonly kind: MaskKind;
  readonly constant?: number | NonFiniteName;
}

type NonFiniteName = '-Infinity' | 'Infinity' | 'NaN';

const NON_FINITE: { readonly [K in NonFiniteName]: number } = {
  '-Infinity': -Infinity,
  Infinity: Infinity,
  NaN: NaN,
};

/** Thrown by parseMaskMode; the message names the field (`where.kind`, `where.constant`). */
export class MaskModeError extends Error {
  override readonly name = 'MaskModeError';
}

/**
 * Reads a MaskMode from parsed JSON. `where` names the value in messages
 * (e.g. "cases.json cases[2].mode"). Unknown fields are rejected so typos surface.
 */
export function parseMaskMode(json: unknown, where = 'mode'): MaskMode {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new MaskModeError(`${where} must be an object like {"kind": "keyAdditive", ...}.`);
  }
  const record = json as Record<string, unknown>;
  const kind = record['kind'];
  if (!isMaskKind(kind)) {
    throw new MaskModeError(
      `${where}.kind must be one of ${MASK_KINDS.join(', ')}; got ${describeValue(kind)}.`,
    );
  }
  const allowed = isConstantKind(kind) ? ['kind', 'constant'] : ['kind'];
  const extra = Object.keys(record).find((key) => !allowed.includes(key));
  if (extra !== undefined) {
    throw new MaskModeError(`${where}.${extra} is not a field of a '${kind}' mask mode.`);
  }
  if (!isConstantKind(kind)) {
    return { kind };
  }
  return { kind, constant: parseConstant(record['constant'], `${where}.constant`) };
}

/** The mode as JSON-safe data, the inverse of parseMaskMode. */
export function serialiseMaskMode(mode: MaskMode): SerialisedMaskMode {
  if (!('constant' in mode)) {
    return { kind: mode.kind };
  }
  return { kind: mode.kind, constant: serialiseConstant(mode.constant) };
}

function parseConstant(value: unknown, where: string): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) {
    return NON_FINITE[value as NonFiniteName];
  }
  throw new MaskModeError(
    `${where} must be a number or one of "-Infinity", "Infinity", "NaN"; got ${describeValue(value)}.`,
  );
}

function serialiseConstant(constant: number): number | NonFiniteName {
  if (Number.isFinite(constant)) return constant;
  if (Number.isNaN(constant)) return 'NaN';
  return constant > 0 ? 'Infinity' : '-Infinity';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
