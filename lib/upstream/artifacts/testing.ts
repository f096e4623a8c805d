/** Test helper: a copy of a JSON tree with every value under `key` replaced (builds "the next run" of an artifact). */
export function replaceKey(value: unknown, key: string, replace: (old: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceKey(v, key, replace));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === key ? replace(v) : replaceKey(v, key, replace)]));
}
