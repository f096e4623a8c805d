import { ArtifactError, type DotenvSummary } from "./types";

/*
 * A GitLab `artifacts:reports:dotenv` file such as the build job's build.env (`IMAGE_TAG=main-{sha}`):
 * one KEY=value per line; blank lines and # comments are skipped, an `export ` prefix and one pair of
 * surrounding quotes are dropped. Anything else is an error, so a wrong file is not read as variables.
 */

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

export function parseDotenv(text: string): DotenvSummary {
  // A Map, so a key such as __proto__ is just a name.
  const variables = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match) throw new ArtifactError(`not a dotenv file: line ${index + 1} is not KEY=value`);
    const [, key = "", value = ""] = match;
    variables.set(key, unquote(value.trim()));
  }
  if (variables.size === 0) throw new ArtifactError("dotenv file defines no variables");
  return { variables: Object.fromEntries(variables), imageTag: variables.get("IMAGE_TAG") ?? null };
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) return value.slice(1, -1);
  return value;
}
