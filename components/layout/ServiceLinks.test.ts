import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MAX_HEADER_SERVICES, ServiceLinks } from "./ServiceLinks";

const render = (services: string[]) => renderToStaticMarkup(createElement(ServiceLinks, { services }));

describe("the header's service links", () => {
  it("links each service while they fit one row", () => {
    const html = render(["server", "iam-api"]);
    expect(html).toContain('href="/services/server"');
    expect(html).toContain('href="/services/iam-api"');
  });

  it("links the overview's search instead when there are more", () => {
    const many = Array.from({ length: MAX_HEADER_SERVICES + 1 }, (_, i) => `svc-${i}`);
    const html = render(many);
    expect(html).not.toContain('href="/services/svc-0"');
    expect(html).toContain(`>${many.length} services</a>`);
  });

  it("lists nothing for a viewer without services", () => {
    expect(render([])).not.toMatch(/services<\/a>|href="\/services\//);
  });
});
