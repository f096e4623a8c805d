import { describe, expect, it } from "vitest";
import { pageName } from "./bundle";

describe("pageName", () => {
  it("gives each page route its own figure name and skips API and internal routes", () => {
    const routes = ["/", "/services/[name]", "/pipelines/[id]", "/tests", "/tests/[id]", "/security", "/api/overview", "/_not-found"];
    const names = routes.map(pageName);
    expect(names).toEqual(["overview", "service_page", "pipeline_page", "tests_page", "test_page", "security_page", null, null]);
    const shown = names.filter((n) => n !== null);
    expect(new Set(shown).size).toBe(shown.length);
  });
});
