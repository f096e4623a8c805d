import { BadRequest } from "./pagination";

/** Query parameter parsing with Grape's validation messages (answered as 400 `{"error": ...}`). */

export function enumParam<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  if (!(values as readonly string[]).includes(raw)) throw new BadRequest(`${name} does not have a valid value`);
  return raw as T;
}

export function dateParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new BadRequest(`${name} is invalid`);
  return ms;
}

const TRUE = new Set(["true", "t", "1", "yes", "y", "on"]);
const FALSE = new Set(["false", "f", "0", "no", "n", "off"]);

export function boolParam(query: URLSearchParams, name: string): boolean | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new BadRequest(`${name} is invalid`);
}

/** `scope=a`, `scope[]=a&scope[]=b` and `scope[0]=a` all name a list, as GitLab's coercion allows. */
export function listParam(query: URLSearchParams, name: string): string[] | null {
  const values: string[] = [];
  let seen = false;
  for (const [key, value] of query) {
    if (key === name || key === `${name}[]` || (key.startsWith(`${name}[`) && key.endsWith("]"))) {
      seen = true;
      values.push(value);
    }
  }
  return seen ? values : null;
}

export function stringParam(query: URLSearchParams, name: string): string | null {
  const raw = query.get(name);
  return raw === null || raw === "" ? null : raw;
}
