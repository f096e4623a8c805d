import { describe, expect, it } from "vitest";
import { handleMetrics, type MetricsAccess } from "./handler";

const TOKEN = "scraper-token-0123456789";
const scrape = (access: MetricsAccess, authorization?: string) =>
  handleMetrics(new Request("http://stageboard/metrics", { headers: authorization ? { authorization } : {} }), access).then((r) => r.status);

describe("who may read /metrics", () => {
  const session = (signedIn: boolean) => async () => signedIn;

  it("anyone when sign-in is off and no token is set (demo)", async () => {
    expect(await scrape({ token: undefined, signInOn: false, signedIn: session(false) })).toBe(200);
  });

  it("with sign-in on: a signed-in user, or a scraper with the token", async () => {
    expect(await scrape({ token: undefined, signInOn: true, signedIn: session(false) })).toBe(401);
    expect(await scrape({ token: undefined, signInOn: true, signedIn: session(true) })).toBe(200);
    expect(await scrape({ token: TOKEN, signInOn: true, signedIn: session(false) }, `Bearer ${TOKEN}`)).toBe(200);
    expect(await scrape({ token: TOKEN, signInOn: true, signedIn: session(false) }, `Bearer ${TOKEN}x`)).toBe(401);
  });

  it("with a token set and sign-in off, only the token", async () => {
    expect(await scrape({ token: TOKEN, signInOn: false, signedIn: session(true) })).toBe(401);
    expect(await scrape({ token: TOKEN, signInOn: false, signedIn: session(false) }, `Basic ${TOKEN}`)).toBe(401);
    expect(await scrape({ token: TOKEN, signInOn: false, signedIn: session(false) }, `bearer ${TOKEN}`)).toBe(200);
  });
});
