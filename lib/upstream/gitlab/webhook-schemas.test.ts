import { describe, expect, it } from "vitest";
import { deploymentHookExample, realJobHook, realPipelineHook, stripJsonc } from "@/test/proof/webhook-fixtures";
import { isWebhookEventName, parseWebhook } from "./webhook-schemas";

describe("GitLab webhook payloads", () => {
  it("reads the pipeline and project of GitLab's Pipeline Hook example", () => {
    expect(parseWebhook("Pipeline Hook", realPipelineHook())).toEqual({ ok: true, target: { kind: "pipeline", projectId: 1, objectId: 31 } });
  });

  it("reads the pipeline of GitLab's Job Hook example (published as JSON with comments)", () => {
    expect(parseWebhook("Job Hook", realJobHook())).toEqual({ ok: true, target: { kind: "pipeline", projectId: 380, objectId: 2366 } });
  });

  it("reads the project of a Deployment Hook", () => {
    expect(parseWebhook("Deployment Hook", deploymentHookExample(30))).toEqual({ ok: true, target: { kind: "deployment", projectId: 30, objectId: 0 } });
  });

  it("refuses a body of another event, naming where it went wrong", () => {
    const result = parseWebhook("Job Hook", realPipelineHook());
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(/^Job Hook payload at object_kind/);
  });

  it("refuses ids that are not positive safe integers", () => {
    const hook = realJobHook();
    for (const bad of [-1, 0, 1.5, 2 ** 60, "31"]) expect(parseWebhook("Job Hook", { ...hook, pipeline_id: bad }).ok).toBe(false);
  });

  it("knows the three events by their X-Gitlab-Event names only", () => {
    expect(["Pipeline Hook", "Job Hook", "Deployment Hook"].every((e) => isWebhookEventName(e))).toBe(true);
    for (const other of ["Push Hook", "pipeline hook", "toString", "__proto__", null]) expect(isWebhookEventName(other)).toBe(false);
  });

  it("strips comments and trailing commas but leaves URLs in strings alone", () => {
    expect(JSON.parse(stripJsonc('{"u": "http://x/y", // note\n "a": [1,],\n}'))).toEqual({ u: "http://x/y", a: [1] });
  });
});
