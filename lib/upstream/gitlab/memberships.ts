import { z } from "zod";
import { createTransport, type TransportOptions } from "../transport";

/*
 * The projects a signed-in user can read, asked with their own OAuth token (read_api), never with
 * Stageboard's: GitLab decides what they see. `GET /projects?membership=true&min_access_level=N`
 * lists the projects where their role (direct or inherited from a group) is at least N.
 */

const memberProjectSchema = z.array(z.object({ id: z.number().int(), path_with_namespace: z.string() }));
export type MemberProject = z.infer<typeof memberProjectSchema>[number];

const PER_PAGE = 100;
/** 100 pages of 100: more projects than any one person follows in Stageboard. */
const MAX_PAGES = 100;

export interface MembershipOptions extends Pick<TransportOptions, "timeoutMs" | "retry" | "signal"> {
  url: string;
  accessToken: string;
}

export async function memberProjects(options: MembershipOptions, minAccessLevel: number): Promise<MemberProject[]> {
  const transport = createTransport({ service: "GitLab", timeoutMs: options.timeoutMs, retry: options.retry, signal: options.signal, secrets: [options.accessToken] });
  const projects: MemberProject[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const url = new URL(`${options.url.replace(/\/+$/, "")}/api/v4/projects`);
    url.search = new URLSearchParams({ membership: "true", min_access_level: String(minAccessLevel), simple: "true", per_page: String(PER_PAGE), page: String(page) }).toString();
    const batch = await transport.getJson(url, { Authorization: `Bearer ${options.accessToken}` }, memberProjectSchema);
    projects.push(...batch);
    if (batch.length < PER_PAGE) break;
  }
  return projects;
}
