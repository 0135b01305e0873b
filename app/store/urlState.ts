/**
 * The view as a query string, so a link reproduces it and a reload restores it. Parsing is
 * defensive: a missing, out-of-range or garbled value falls back to its default, never throws.
 * Values equal to their defaults are left out to keep links short.
 *
 * Padding is the exception to "falls back": `pad` is read as asked, like a number typed in the
 * padding box (a negative or too large whole number), so the link and the box behave the same:
 * the run clamps it to 0 … the model's room and the banner says so (selectInputProblems), and
 * the URL then shows the padding that ran (urlSync). A value that is not valid percent-encoded
 * UTF-8 (a link cut mid-character) is ignored and named in `problems`, and so is every other
 * value that falls back (an unknown backend, a garbled layer or head); a '%' that starts no
 * escape is kept literal but named, since the app never writes one (a link cut mid-escape?).
 */
import { BACKEND_ORDER, type BackendName } from '../../src/backend/backendNames';
import { findMaskEntry, RENAMED_MASK_IDS } from '../../src/masks/catalogue';
import { DEFAULT_INPUT, type InputFields } from './inputSlice';
import { numericsParamEntries, parseNumericsParams } from './numericsUrl';
import type { BackendPreference } from './modelSlice';
import {
  DEFAULT_VIEW,
  type ColorBy,
  type Orientation,
  type ScaleKind,
  type ViewFields,
} from './viewSlice';

/** Everything the URL carries. */
export interface UrlState extends InputFields, ViewFields {
  /** Model id from public/models/index.json; null = the default model. */
  readonly modelId: string | null;
  readonly backend: BackendPreference;
}

/** The state of a URL without parameters. */
export const DEFAULT_URL_STATE: UrlState = {
  ...DEFAULT_INPUT,
  ...DEFAULT_VIEW,
  modelId: null,
  backend: 'auto',
};

/** Longest sentence kept from a URL, in UTF-16 code units. */
export const MAX_URL_SENTENCE = 2000;
/** Largest padding, either sign, a URL may ask for (the model's positions clamp it further). */
export const MAX_URL_PADDING = 9_999_999;
/** Largest layer or head index a URL may ask for (the model clamps it further). */
export const MAX_URL_INDEX = 255;

const ORIENTATIONS: Readonly<Record<string, Orientation>> = {
  q: 'rowsAreQueries',
  k: 'rowsAreKeys',
};
const SCALES: Readonly<Record<string, ScaleKind>> = { linear: 'linear', log: 'log' };
const COLOR_BY: Readonly<Record<string, ColorBy>> = { a: 'A', b: 'B', diff: 'diff' };
const SIDES = { right: 'right', left: 'left' } as const;
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The padding a link asks for, as asked (negative or too large included); null when garbled. */
function parsePadding(text: string): number | null {
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  return Math.abs(value) <= MAX_URL_PADDING ? value : null;
}

function parseIndex(text: string | null, max: number, fallback: number): number {
  if (text === null || !/^\d{1,7}$/.test(text)) return fallback;
  const value = Number(text);
  return value <= max ? value : fallback;
}

function pick<T>(table: Readonly<Record<string, T>>, text: string | null, fallback: T): T {
  return text !== null && Object.hasOwn(table, text) ? (table[text] ?? fallback) : fallback;
}

/** A mode id and its constant; ids of merged entries (`key-additive-1e9`) still open their mode. */
function parseMode(
  idText: string | null,
  constantText: string | null,
  fallback: string,
): { id: string; constant: number | null } {
  const renamed =
    idText !== null && Object.hasOwn(RENAMED_MASK_IDS, idText)
      ? RENAMED_MASK_IDS[idText]
      : undefined;
  if (renamed !== undefined) {
    return {
      id: renamed.id,
      constant: parseConstant(constantText, renamed.id) ?? renamed.constant,
    };
  }
  const id = idText !== null && findMaskEntry(idText) !== undefined ? idText : fallback;
  return { id, constant: parseConstant(constantText, id) };
}

/** A constant is kept only if the chosen entry offers it among several choices. */
function parseConstant(text: string | null, modeId: string): number | null {
  const choices = findMaskEntry(modeId)?.constantChoices ?? [];
  if (text === null || choices.length < 2) return null;
  const value = Number(text);
  return choices.includes(value) ? value : null;
}

function parseBackend(text: string | null): BackendPreference {
  return text !== null && (BACKEND_ORDER as readonly string[]).includes(text)
    ? (text as BackendName)
    : 'auto';
}

/** A query string read into its state, and what in it could not be used, in words. */
export interface UrlReading {
  readonly state: UrlState;
  readonly problems: readonly string[];
}

/**
 * The decoded parameters (the first of each name, as URLSearchParams.get), leaving out those
 * whose name or value is not valid percent-encoded UTF-8, which are listed in `malformed`.
 */
function readParams(search: string): {
  params: Map<string, string>;
  malformed: string[];
  literalPercent: string[];
} {
  const params = new Map<string, string>();
  const malformed: string[] = [];
  const literalPercent: string[] = [];
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const [rawName = '', ...rest] = pair.split('=');
    // A '%' without two hex digits stays literal, as URLSearchParams keeps it; only bytes that
    // are not UTF-8 throw.
    const decode = (text: string) =>
      decodeURIComponent(text.replaceAll('+', ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    try {
      const name = decode(rawName);
      if (params.has(name)) continue;
      const rawValue = rest.join('=');
      params.set(name, decode(rawValue));
      if (/%(?![0-9A-Fa-f]{2})/.test(rawValue)) literalPercent.push(name);
    } catch {
      malformed.push(rawName);
    }
  }
  return { params, malformed, literalPercent };
}

/** What in a link's backend, layer and head could not be used, in words. */
function viewProblems(get: (name: string) => string | null): string[] {
  const problems: string[] = [];
  const backend = get('backend');
  if (backend !== null && backend !== 'auto' && parseBackend(backend) === 'auto') {
    problems.push(
      `The link's backend "${backend.slice(0, 20)}" is not one of ${BACKEND_ORDER.join(', ')}, so the backend is chosen automatically.`,
    );
  }
  for (const name of ['layer', 'head']) {
    const text = get(name);
    if (text !== null && parseIndex(text, MAX_URL_INDEX, -1) === -1) {
      problems.push(
        `The link's ${name} "${text.slice(0, 20)}" is not a whole number from 0 to ${MAX_URL_INDEX}, so the first ${name} is shown.`,
      );
    }
  }
  return problems;
}

/** Reads a query string ("?s=…&pad=16" or without "?") and says what it ignored; never throws. */
export function readUrlState(search: string): UrlReading {
  const { params, malformed, literalPercent } = readParams(search);
  const get = (name: string): string | null => params.get(name) ?? null;
  const d = DEFAULT_URL_STATE;
  const problems = [
    ...malformed.map(
      (name) =>
        `The link's "${name.slice(0, 20)}" value is not valid percent-encoded UTF-8 (a link cut mid-character?), so it was ignored.`,
    ),
    ...literalPercent.map(
      (name) =>
        `The link's "${name.slice(0, 20)}" value has a "%" that starts no escape (a link cut mid-escape?); it is read as a literal "%".`,
    ),
    ...viewProblems(get),
  ];
  const padText = get('pad');
  const pad = padText === null ? d.paddingLength : parsePadding(padText);
  if (pad === null) {
    problems.push(
      `The link's padding "pad=${(padText ?? '').slice(0, 20)}" is not a whole number from -${MAX_URL_PADDING} to ${MAX_URL_PADDING}, so ${d.paddingLength} pads are used.`,
    );
  }
  const modeA = parseMode(get('a'), get('ca'), d.modeAId);
  const modeB = parseMode(get('b'), get('cb'), d.modeBId);
  const model = get('model');
  const state: UrlState = {
    sentence: (get('s') ?? d.sentence).slice(0, MAX_URL_SENTENCE),
    paddingLength: pad ?? d.paddingLength,
    paddingSide: pick(SIDES, get('side'), d.paddingSide),
    modeAId: modeA.id,
    modeBId: modeB.id,
    constantA: modeA.constant,
    constantB: modeB.constant,
    numerics: parseNumericsParams(get),
    selected: {
      layer: parseIndex(get('layer'), MAX_URL_INDEX, d.selected.layer),
      head: parseIndex(get('head'), MAX_URL_INDEX, d.selected.head),
    },
    orientation: pick(ORIENTATIONS, get('axes'), d.orientation),
    scale: pick(SCALES, get('scale'), d.scale),
    colorBy: pick(COLOR_BY, get('color'), d.colorBy),
    isPaddingQueriesHidden: get('rows') === 'real',
    modelId: model !== null && MODEL_ID.test(model) ? model : null,
    backend: parseBackend(get('backend')),
  };
  return { state, problems };
}

/** Reads a query string into its state; never throws. */
export function parseUrlState(search: string): UrlState {
  return readUrlState(search).state;
}

function keyOf<T>(table: Readonly<Record<string, T>>, value: T): string {
  return Object.keys(table).find((key) => table[key] === value) ?? '';
}

/** Writes the state as a query string without "?"; defaults are omitted. */
export function serialiseUrlState(state: UrlState): string {
  const d = DEFAULT_URL_STATE;
  const entries: [string, string, boolean][] = [
    ['s', state.sentence, state.sentence !== d.sentence],
    ['pad', String(state.paddingLength), state.paddingLength !== d.paddingLength],
    ['side', state.paddingSide, state.paddingSide !== d.paddingSide],
    ['a', state.modeAId, state.modeAId !== d.modeAId],
    ['b', state.modeBId, state.modeBId !== d.modeBId],
    ['ca', String(state.constantA), state.constantA !== null],
    ['cb', String(state.constantB), state.constantB !== null],
    ...numericsParamEntries(state.numerics),
    ['layer', String(state.selected.layer), state.selected.layer !== d.selected.layer],
    ['head', String(state.selected.head), state.selected.head !== d.selected.head],
    ['axes', keyOf(ORIENTATIONS, state.orientation), state.orientation !== d.orientation],
    ['scale', keyOf(SCALES, state.scale), state.scale !== d.scale],
    ['color', keyOf(COLOR_BY, state.colorBy), state.colorBy !== d.colorBy],
    ['rows', 'real', state.isPaddingQueriesHidden],
    ['model', state.modelId ?? '', state.modelId !== null],
    ['backend', state.backend, state.backend !== d.backend],
  ];
  const params = new URLSearchParams();
  for (const [name, value, isSet] of entries) if (isSet) params.set(name, value);
  return params.toString();
}
