/** Reading `public/models/index.json`, the list of models the app offers. */

/** One model the app can load. */
export interface ModelListEntry {
  /** URL-safe id; the folder is `models/<id>/` unless `path` says otherwise. */
  readonly id: string;
  readonly title: string;
  /** Folder holding config.json, vocab.txt and model.safetensors, relative to the app's root. */
  readonly path: string;
  /** One line on the story the model tells, for the picker. */
  readonly description: string;
  /** How the page opens with this model (a model trained with a bug starts in that mode). */
  readonly start: ModelStart | null;
}

/**
 * Mask modes (catalogue ids), their constants and padding to open a model with. A constant is
 * one of its mode's constant choices (the app ignores any other); JSON has no -Infinity, so
 * index.json may spell it "-Infinity".
 */
export interface ModelStart {
  readonly modeA: string | null;
  readonly modeB: string | null;
  readonly constantA: number | null;
  readonly constantB: number | null;
  readonly paddingLength: number | null;
}

function startOf(value: unknown, where: string): ModelStart | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null)
    throw new Error(`${where}.start must be an object.`);
  const { modeA, modeB, constantA, constantB, paddingLength } = value as Record<string, unknown>;
  const id = (v: unknown, name: string): string | null => {
    if (v === undefined) return null;
    if (typeof v !== 'string' || !/^[a-z0-9-]{1,64}$/.test(v))
      throw new Error(`${where}.start.${name} must be a mode id.`);
    return v;
  };
  const constant = (v: unknown, name: string): number | null => {
    if (v === undefined) return null;
    const n = v === '-Infinity' ? -Infinity : v;
    if (typeof n !== 'number' || Number.isNaN(n))
      throw new Error(`${where}.start.${name} must be a number or "-Infinity".`);
    return n;
  };
  if (
    paddingLength !== undefined &&
    !(
      Number.isInteger(paddingLength) &&
      (paddingLength as number) >= 0 &&
      (paddingLength as number) <= 4096
    )
  ) {
    throw new Error(`${where}.start.paddingLength must be a whole number from 0 to 4096.`);
  }
  return {
    modeA: id(modeA, 'modeA'),
    modeB: id(modeB, 'modeB'),
    constantA: constant(constantA, 'constantA'),
    constantB: constant(constantB, 'constantB'),
    paddingLength: (paddingLength as number | undefined) ?? null,
  };
}

/** The parsed model list and the id of the model to open by default. */
export interface ModelIndex {
  readonly models: readonly ModelListEntry[];
  readonly defaultId: string | null;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function entryOf(value: unknown, where: string): ModelListEntry {
  if (typeof value !== 'object' || value === null) throw new Error(`${where} must be an object.`);
  const record = value as Record<string, unknown>;
  const { id, title, path, description, start } = record;
  if (typeof id !== 'string' || !ID.test(id))
    throw new Error(`${where}.id must be a URL-safe name.`);
  if (
    path !== undefined &&
    (typeof path !== 'string' || path.includes('://') || path.startsWith('//'))
  ) {
    throw new Error(`${where}.path must be a path inside the app (no other origin).`);
  }
  return {
    id,
    title: typeof title === 'string' ? title : id,
    path: typeof path === 'string' ? path : `models/${id}`,
    description: typeof description === 'string' ? description : '',
    start: startOf(start, where),
  };
}

/** Parses index.json: `{ "default": id, "models": [{ id, title, path?, description? }] }`. */
export function parseModelIndex(json: unknown): ModelIndex {
  if (typeof json !== 'object' || json === null)
    throw new Error('models/index.json must be an object.');
  const record = json as Record<string, unknown>;
  if (!Array.isArray(record['models'])) throw new Error('models/index.json needs a "models" list.');
  const models = record['models'].map((value: unknown, i) =>
    entryOf(value, `models/index.json models[${i}]`),
  );
  const asked = record['default'];
  const defaultId =
    typeof asked === 'string' && models.some((m) => m.id === asked)
      ? asked
      : (models[0]?.id ?? null);
  return { models, defaultId };
}

/** The order to try models in: the asked-for one first, then the default, then the rest. */
export function loadOrder(index: ModelIndex, askedId: string | null): ModelListEntry[] {
  const first = [askedId, index.defaultId];
  const ranked = first.flatMap((id) => index.models.filter((m) => m.id === id));
  const rest = index.models.filter((m) => !ranked.includes(m));
  return [...new Set([...ranked, ...rest])];
}
