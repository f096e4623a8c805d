import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "./prometheus-text";

describe("parsePrometheusText", () => {
  it("reads families, labelled histogram series and escaped label values", () => {
    const families = parsePrometheusText(
      [
        "# HELP h Latency",
        "# TYPE h histogram",
        'h_bucket{le="1",route="a"} 1',
        'h_bucket{le="+Inf",route="a"} 2',
        'h_sum{route="a"} 3.5',
        'h_count{route="a"} 2',
        "# TYPE c counter",
        'c_total{path="C:\\\\DIR",msg="say \\"hi\\""} 7',
        "",
      ].join("\n"),
    );
    expect(families.get("h")?.samples.find((s) => s.name === "h_count")).toEqual({ name: "h_count", labels: { route: "a" }, value: 2 });
    expect(families.get("h")?.samples.find((s) => s.labels.le === "+Inf")?.value).toBe(2);
    expect(families.get("c")?.samples[0]?.labels).toEqual({ path: "C:\\DIR", msg: 'say "hi"' });
  });

  it.each([
    ["a sample of no declared family", "x 1"],
    ["a bad value", "# TYPE x gauge\nx one"],
    ["unterminated labels", '# TYPE x gauge\nx{a="1} 1'],
    ["a histogram bucket without le", "# TYPE h histogram\nh_bucket 1"],
    ["a family declared twice", "# TYPE x gauge\n# TYPE x gauge"],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
