import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { handleApi, matchRoute, type ApiContext } from "./api";
import type { ApiResponse } from "./api-types";
import type { SimClock } from "./clock";
import { handleControl } from "./control";
import { handleReceiver, RECEIVER_CHANNELS, RECEIVER_PREFIX, type AlertInbox } from "./receivers/http";
import type { FaultAction, FaultController } from "./faults";
import type { FindingsWorld } from "./findings/types";
import type { SimulationModel } from "./model";
import type { OidcProvider } from "./oidc";
import type { RateLimiter } from "./rate-limit";
import type { Renderer } from "./render";
import type { SimStats } from "./stats";
import type { SimWebhooks } from "./webhooks";
import { renderWebPage } from "./web-pages";
import { errorMessage } from "@/lib/domain/error-message";

/**
 * The HTTP face of the simulator. Order per API request, as a request meets GitLab.com: injected
 * faults (the load balancer), the rate limit (Rack::Attack), routing, authentication, the endpoint.
 */
export interface ServerContext {
  model: SimulationModel;
  clock: SimClock;
  faults: FaultController;
  stats: SimStats;
  limiter: RateLimiter;
  token: string;
  countLimit: number;
  /** Security findings over time, read by the artifacts and by the other simulated upstreams. */
  findings: FindingsWorld;
  /** Other simulated upstreams (SonarQube, DefectDojo) served under their own path prefixes. */
  upstreams: readonly SimUpstream[];
  /** Set once the server listens and its base URL is known. */
  renderer: Renderer | null;
  api: ApiContext | null;
  /** GitLab's OpenID Connect endpoints (/oauth/*, discovery); set once the base URL is known. */
  oidc?: OidcProvider | null;
  /** Webhook deliveries, controlled through /__sim/webhooks. */
  webhooks?: SimWebhooks;
  /** Stageboard's alerts as the simulated platform's receivers got them (/receiver/*, /__sim/receiver). */
  alertInbox?: AlertInbox;
  alertSecret?: string;
}

/** A simulated upstream beside GitLab, mounted under `prefix` with its own auth and API. */
export interface SimUpstream {
  /** e.g. `/sonarqube/` */
  prefix: string;
  /** The upstream's own refusal when the presented credentials are wrong; null when accepted. */
  refuse(req: http.IncomingMessage): ApiResponse | null;
  /** `path` is below the prefix; `baseUrl` is the upstream's absolute base (for links). */
  handle(request: { path: string; query: URLSearchParams; t: number; baseUrl: string }): ApiResponse;
}

const API_PREFIX = "/api/v4/";
const CONTROL_PREFIX = "/__sim/";
const MAX_BODY_BYTES = 1 << 20;

const BAD_GATEWAY_PAGES: Readonly<Record<number, string>> = {
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
};

let requestCounter = 0;

function send(
  res: http.ServerResponse,
  method: string,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  contentType = "application/json",
): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "max-age=0, private, must-revalidate",
    "X-Request-Id": `sim-${(++requestCounter).toString(36)}`,
    ...headers,
  });
  res.end(method === "HEAD" ? undefined : body);
}

/** The token a client presented: PRIVATE-TOKEN, OAuth-style Bearer, or the query parameters. */
function presentedToken(req: http.IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers["private-token"];
  if (typeof header === "string" && header !== "") return header;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) return authorization.slice("Bearer ".length).trim();
  return query.get("private_token") ?? query.get("access_token");
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A body that starts like the real one but cannot be parsed. */
function malformed(body: string): string {
  return body.length > 8 ? body.slice(0, Math.floor(body.length / 2)) : '[{"id":';
}

function sendServerError(res: http.ServerResponse, method: string, status: 500 | 502 | 503 | 504): void {
  if (status === 500) return send(res, method, 500, JSON.stringify({ message: "500 Internal Server Error" }));
  const title = BAD_GATEWAY_PAGES[status] ?? `${status}`;
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  send(res, method, status, html, {}, "text/html");
}

async function handleApiRequest(
  ctx: ServerContext,
  api: ApiContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  pathname: string,
  query: URLSearchParams,
): Promise<void> {
  const readable = method === "GET" || method === "HEAD";
  const matched = readable ? matchRoute(pathname.slice(API_PREFIX.length)) : null;
  const routeKey = matched ? `GET /api/v4/${matched.template}` : `${method} (no route)`;

  const fault: FaultAction | null = ctx.faults.next(pathname);
  const token = presentedToken(req, query);
  const limiterKey = token === ctx.token ? `token:${token}` : `ip:${req.socket.remoteAddress ?? "?"}`;
  if (fault) {
    switch (fault.kind) {
      case "drop":
        ctx.stats.record(routeKey, "dropped", "fault");
        req.socket.destroy();
        return;
      case "5xx":
        ctx.stats.record(routeKey, fault.status, "fault");
        return sendServerError(res, method, fault.status);
      case "429": {
        ctx.stats.record(routeKey, 429, "fault");
        const headers = fault.withoutHeaders
          ? {}
          : { ...(ctx.limiter.peek(limiterKey) ?? {}), "Retry-After": String(fault.retryAfterSeconds) };
        return send(res, method, 429, "Retry later\n", headers, "text/plain");
      }
      case "slow":
        await sleep(fault.delayMs);
        break;
      case "malformed":
        break;
    }
  }

  const rate = ctx.limiter.hit(limiterKey);
  const rateHeaders = rate?.headers ?? {};
  if (rate?.limited) {
    ctx.stats.record(routeKey, 429, "rate-limited");
    return send(res, method, 429, "Retry later\n", { ...rateHeaders, "Retry-After": String(rate.retryAfterSeconds) }, "text/plain");
  }

  // The integration's token sees everything; a signed-in user's OAuth token (read_api) what they are a member of.
  const oauth = token !== null && token !== ctx.token ? ctx.oidc?.userFor(token) : null;
  const viewer = oauth && oauth.scopes.some((scope) => scope === "read_api" || scope === "api") ? oauth.user : null;
  let response: ApiResponse;
  if (!matched) {
    response = { status: 404, headers: {}, body: JSON.stringify({ error: "404 Not Found" }) };
  } else if (token !== ctx.token && !viewer) {
    response = { status: 401, headers: {}, body: JSON.stringify({ message: "401 Unauthorized" }) };
  } else {
    const t = ctx.clock.now();
    ctx.model.ensure(t);
    const endpoint = `http://${req.headers.host ?? "127.0.0.1"}${pathname}`;
    response = handleApi(api, { route: matched, query, endpoint, t, viewer: viewer ?? undefined });
  }

  const isMalformed = fault?.kind === "malformed";
  const status = isMalformed ? 200 : response.status;
  ctx.stats.record(routeKey, status, fault ? "fault" : undefined);
  const contentType = isMalformed ? "application/json" : (response.contentType ?? "application/json");
  send(res, method, status, isMalformed ? malformed(response.body) : response.body, { ...response.headers, ...rateHeaders }, contentType);
}

/** Same fault injection as the GitLab API; no rate limit (SonarQube and DefectDojo have none by default). */
async function handleUpstreamRequest(
  ctx: ServerContext,
  upstream: SimUpstream,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  pathname: string,
  query: URLSearchParams,
): Promise<void> {
  const routeKey = `${method} ${pathname.replace(/\/\d+(?=\/|$)/g, "/:id")}`;
  const fault = ctx.faults.next(pathname);
  if (fault?.kind === "drop") {
    ctx.stats.record(routeKey, "dropped", "fault");
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "5xx") {
    ctx.stats.record(routeKey, fault.status, "fault");
    return sendServerError(res, method, fault.status);
  }
  if (fault?.kind === "429") {
    ctx.stats.record(routeKey, 429, "fault");
    return send(res, method, 429, "Retry later\n", fault.withoutHeaders ? {} : { "Retry-After": String(fault.retryAfterSeconds) }, "text/plain");
  }
  if (fault?.kind === "slow") await sleep(fault.delayMs);

  const refusal = upstream.refuse(req);
  let response: ApiResponse;
  if (method !== "GET" && method !== "HEAD") {
    response = { status: 405, headers: {}, body: JSON.stringify({ detail: `Method "${method}" not allowed.` }) };
  } else if (refusal) {
    response = refusal;
  } else {
    const t = ctx.clock.now();
    ctx.model.ensure(t);
    const baseUrl = `http://${req.headers.host ?? "127.0.0.1"}${upstream.prefix.replace(/\/$/, "")}`;
    response = upstream.handle({ path: pathname.slice(upstream.prefix.length), query, t, baseUrl });
  }
  const isMalformed = fault?.kind === "malformed";
  const status = isMalformed ? 200 : response.status;
  ctx.stats.record(routeKey, status, fault ? "fault" : undefined);
  send(res, method, status, isMalformed ? malformed(response.body) : response.body, response.headers);
}

export function createSimServer(ctx: ServerContext): http.Server {
  return http.createServer((req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const queryAt = rawUrl.indexOf("?");
    const pathname = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
    const query = new URLSearchParams(queryAt >= 0 ? rawUrl.slice(queryAt + 1) : "");
    const { renderer, api } = ctx;
    if (!renderer || !api) return send(res, method, 503, JSON.stringify({ message: "simulator starting" }));

    const work = async () => {
      if (pathname.startsWith(CONTROL_PREFIX)) {
        const control = { clock: ctx.clock, model: ctx.model, renderer, faults: ctx.faults, stats: ctx.stats, limiter: ctx.limiter, webhooks: ctx.webhooks, alertInbox: ctx.alertInbox };
        const response = await handleControl(control, method, pathname.slice(CONTROL_PREFIX.length), query, () => readBody(req));
        return send(res, method, response.status, response.body, { "Access-Control-Allow-Origin": "*" });
      }
      if (ctx.alertInbox && method === "POST" && pathname.startsWith(RECEIVER_PREFIX)) {
        const channel = pathname.slice(RECEIVER_PREFIX.length);
        if ((RECEIVER_CHANNELS as readonly string[]).includes(channel)) return handleReceiver(ctx.alertInbox, ctx.alertSecret ?? "", channel, req, res);
      }
      if (ctx.oidc?.handles(pathname)) return ctx.oidc.handle(req, res, method, pathname, query);
      const upstream = ctx.upstreams.find((u) => pathname.startsWith(u.prefix));
      if (upstream) return handleUpstreamRequest(ctx, upstream, req, res, method, pathname, query);
      if (pathname.startsWith(API_PREFIX)) return handleApiRequest(ctx, api, req, res, method, pathname, query);
      const t = ctx.clock.now();
      ctx.model.ensure(t);
      const html = method === "GET" || method === "HEAD" ? renderWebPage(ctx.model, renderer, pathname, t) : null;
      if (html === null) return send(res, method, 404, "Not Found\n", {}, "text/plain");
      send(res, method, 200, html, {}, "text/html; charset=utf-8");
    };

    work().catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const detail = errorMessage(error);
      send(res, method, 500, JSON.stringify({ message: "500 Internal Server Error" }), { "X-Sim-Error": encodeURIComponent(detail) });
    });
  });
}
