import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/*
 * GitLab's documented webhook examples (test/fixtures/real/gitlab-api), for tests and the bad-input
 * list. The Job Hook example is published with `//` comments and a trailing comma: those are removed.
 */
const DIR = path.resolve(process.cwd(), "test/fixtures/real/gitlab-api");

/** JSON with comments and trailing commas → JSON (comments only outside strings, as in the example). */
export function stripJsonc(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\s\/\/.*$/, ""))
    .join("\n")
    .replace(/,(\s*[}\]])/g, "$1");
}

const jsonObject = z.record(z.string(), z.unknown());
type JsonObject = z.infer<typeof jsonObject>;

export function realPipelineHook(): JsonObject {
  return jsonObject.parse(JSON.parse(readFileSync(path.join(DIR, "webhook-pipeline-hook.json"), "utf8")));
}

export function realJobHook(): JsonObject {
  return jsonObject.parse(JSON.parse(stripJsonc(readFileSync(path.join(DIR, "webhook-job-hook.doc-example.jsonc"), "utf8"))));
}

/** GitLab's documented Deployment Hook example (not in the fixtures; from docs/user/project/integrations/webhook_events.md). */
export function deploymentHookExample(projectId: number): Record<string, unknown> {
  return {
    object_kind: "deployment",
    status: "success",
    status_changed_at: "2021-04-28 21:50:00 +0200",
    deployment_id: 15,
    deployable_id: 796,
    deployable_url: "http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796",
    environment: "staging",
    environment_tier: "staging",
    environment_slug: "staging",
    environment_external_url: "https://staging.example.com",
    project: {
      id: projectId,
      name: "test-deployment-webhooks",
      description: "",
      web_url: "http://10.126.0.2:3000/root/test-deployment-webhooks",
      avatar_url: null,
      git_ssh_url: "ssh://vlad@10.126.0.2:2222/root/test-deployment-webhooks.git",
      git_http_url: "http://10.126.0.2:3000/root/test-deployment-webhooks.git",
      namespace: "Administrator",
      visibility_level: 0,
      path_with_namespace: "root/test-deployment-webhooks",
      default_branch: "master",
      ci_config_path: "",
    },
    short_sha: "279484c0",
    user: { id: 1, name: "Administrator", username: "root", avatar_url: "https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon", email: "admin@example.com" },
    user_url: "http://10.126.0.2:3000/root",
    commit_url: "http://10.126.0.2:3000/root/test-deployment-webhooks/-/commit/279484c09fbe69ededfced8c1bb6e6d24616b468",
    commit_title: "Add new file",
  };
}
