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
  const { id, title, path, description } = record;
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
