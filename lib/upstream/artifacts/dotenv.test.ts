import { describe, expect, it } from "vitest";
import { parseArtifact } from "./artifact";

describe("build.env (dotenv)", () => {
  it("reads IMAGE_TAG and the other variables", async () => {
    const text = "# written by build-push\nIMAGE_TAG=main-8f3e2a1c\nexport REGISTRY=\"registry.example.com/cwiq\"\n\nDIGEST='sha256:ab12'\r\n";
    const result = await parseArtifact({ bytes: text, name: "build.env" });
    expect(result).toEqual({
      status: "ok",
      kind: "dotenv",
      tool: "dotenv",
      dotenv: {
        variables: { IMAGE_TAG: "main-8f3e2a1c", REGISTRY: "registry.example.com/cwiq", DIGEST: "sha256:ab12" },
        imageTag: "main-8f3e2a1c",
      },
    });
  });

  it("no IMAGE_TAG gives imageTag null", async () => {
    const result = await parseArtifact({ bytes: "OTHER=1\n", tool: "dotenv" });
    expect(result).toMatchObject({ status: "ok", dotenv: { imageTag: null, variables: { OTHER: "1" } } });
  });

  it("refuses lines that are not KEY=value, and comment-only files", async () => {
    expect(await parseArtifact({ bytes: "IMAGE_TAG=main-1\nthis is not a variable\n", name: "build.env" })).toEqual({
      status: "error",
      tool: "dotenv",
      message: "not a dotenv file: line 2 is not KEY=value",
    });
    expect(await parseArtifact({ bytes: "# nothing\n", name: "build.env" })).toMatchObject({ message: "dotenv file defines no variables" });
  });

  it("a key named __proto__ is an ordinary variable", async () => {
    const result = await parseArtifact({ bytes: "__proto__=x\n", name: "build.env" });
    expect(result.status === "ok" && result.kind === "dotenv" && Object.keys(result.dotenv.variables)).toEqual(["__proto__"]);
  });
});
