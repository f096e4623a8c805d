import type { AddressInfo } from "node:net";
import { DEFAULT_PROJECTS, cwiqProjects, type ProjectSpec } from "./catalog";
import { createClock, type SimClock } from "./clock";
import { describePlan, type PipelinePlanInfo } from "./control";
import { FaultController } from "./faults";
import { createFindingsWorld, type FindingsWorldWithHistory } from "./findings/world";
import { createDojoUpstream, DEFAULT_DEFECTDOJO_TOKEN, type DojoSimControl } from "./defectdojo";
import { createSonarUpstream, DEFAULT_SONARQUBE_TOKEN, type SonarSimControl } from "./sonarqube";
import type { GitLabProject } from "./gitlab-types";
import { SimulationModel } from "./model";
import { createOidcProvider, DEFAULT_OIDC_CLIENT, type OidcClientRegistration } from "./oidc";
import { GITLAB_COUNT_LIMIT } from "./pagination";
import { RateLimiter } from "./rate-limit";
import { Renderer } from "./render";
import { createApiContext } from "./api";
import { artifactTruth, type ArtifactTruth } from "./artifacts";
import { createSimServer, type ServerContext } from "./server";
import { SimStats } from "./stats";
import { buildTruth, type SimTruth } from "./truth";
import { createSimWebhooks, type SimWebhooks } from "./webhooks";
import { AlertInbox } from "./receivers/http";
import { startSmtpReceiver } from "./receivers/smtp";

/**
 * A simulated CWIQ GitLab (REST v4) over HTTP: deterministic from a seed, with a controllable clock.
 * Stageboard's real GitLab client talks to it exactly as to GitLab.com.
 */
export interface SimulatorOptions {
  /** Seed of everything random (default 42). */
  seed?: number;
  /** The anchor: history lies before it, live pipelines after it (default: now). */
  now?: Date | number;
  /** Simulated time when the server starts (default: `now`). Pass the real time to resume a stored anchor. */
  startAt?: Date | number;
  /** Days of history before the anchor (default 30). */
  historyDays?: number;
  /** History pipelines per project and day (default 20), busier on weekday working hours. */
  pipelinesPerDay?: number;
  /** Exactly this many history pipelines per project, spread evenly (overrides pipelinesPerDay). */
  pipelinesPerProject?: number;
  /** After the anchor, one new pipeline every N seconds across all projects (default 60; 0 = none). */
  liveIntervalSeconds?: number;
  /** Projects to simulate (default: cwiq/server 101, cwiq/iam-api 102, cwiq/ui 103, cwiq/executor 104). */
  projects?: readonly ProjectSpec[];
  /** Instead of `projects`: CWIQ grown to this many services from the same templates (ids from 101 on). */
  projectCount?: number;
  /** Base of every `web_url` (default: the simulator's own URL, which serves small pages for them). */
  baseUrl?: string;
  /** The clock moves only through `clock.advance` (default false: it follows real time). */
  frozen?: boolean;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The accepted PRIVATE-TOKEN / Bearer token (default "glpat-stageboard-simulator"). */
  token?: string;
  /** The simulated SonarQube's accepted user token (default "squ_stageboard_simulator"). */
  sonarqubeToken?: string;
  /** The simulated DefectDojo's accepted API key (default "stageboard-dojo-simulator-key"). */
  defectdojoToken?: string;
  /** Requests per minute per token (default 2000; 0 = unlimited, no RateLimit-* headers). */
  rateLimitPerMinute?: number;
  /** Above this many matching records X-Total, X-Total-Pages and rel="last" are omitted (GitLab: 10,000). */
  paginationCountLimit?: number;
  /** Applications that may sign people in through the simulated GitLab (default: DEFAULT_OIDC_CLIENT). */
  oidcClients?: readonly OidcClientRegistration[];
  /** Port of the in-process SMTP server that receives alert e-mail (default 0: any free port). */
  smtpPort?: number;
}

/** Where the simulated platform receives Stageboard's alerts, and what it got. */
export interface SimAlertReceivers {
  inbox: AlertInbox;
  /** The generic webhook's HMAC secret the receiver checks signatures with. */
  secret: string;
  webhookUrl: string;
  slackUrl: string;
  teamsUrl: string;
  /** smtp://127.0.0.1:PORT, no authentication. */
  smtpUrl: string;
}

export const DEFAULT_ALERT_SECRET = "stageboard-simulator-alert-secret";

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234`; GitLab's API is under `${url}/api/v4`. */
  url: string;
  token: string;
  /** The simulated projects as `GET /projects/:id` shows them at start. */
  projects: GitLabProject[];
  clock: SimClock;
  faults: FaultController;
  stats: SimStats;
  /** GitLab's Pipeline, Job and Deployment Hook deliveries for the transitions the clock passes (off until started). */
  webhooks: SimWebhooks;
  /** The security findings every simulated scanner and upstream reports, over time. */
  findings: FindingsWorldWithHistory;
  /** The simulated SonarQube (`${url}/sonarqube`) and its token. */
  sonarqube: { url: string; token: string };
  /** The simulated DefectDojo (`${url}/defectdojo`) and its API key. */
  defectdojo: { url: string; token: string };
  /** Switches of the simulated SonarQube, e.g. answering as an older version. */
  sonarqubeControl: SonarSimControl;
  /** Switches of the simulated DefectDojo (an older version) and what it holds beside the CI imports. */
  defectdojoControl: DojoSimControl;
  /** Changes the per-token rate limit (0 = unlimited) and starts fresh windows. */
  setRateLimit(perMinute: number): void;
  /** What the API serves at time `at` (default: the clock's now). */
  truth(at?: Date | number): SimTruth;
  /** The same for one project (`cwiq/ui`) alone: a test that syncs one project need not build the others. */
  projectTruth(pathWithNamespace: string, at?: Date | number): SimTruth;
  /** The file the job artifacts API serves for a job's own artifact now, or undefined when the job writes none. */
  artifactTruth(jobId: number): ArtifactTruth | undefined;
  /** The planned state changes of a pipeline (e.g. when it will have finished), or undefined. */
  pipelinePlan(pipelineId: number): PipelinePlanInfo | undefined;
  /** The alert receivers (HTTP under `${url}/receiver/`, and SMTP). */
  alertReceivers: SimAlertReceivers;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = "glpat-stageboard-simulator";

const toMs = (value: Date | number): number => (value instanceof Date ? value.getTime() : value);

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 42;
  const anchor = toMs(options.now ?? Date.now());
  const token = options.token ?? DEFAULT_TOKEN;
  const sonarqubeToken = options.sonarqubeToken ?? DEFAULT_SONARQUBE_TOKEN;
  const defectdojoToken = options.defectdojoToken ?? DEFAULT_DEFECTDOJO_TOKEN;

  const model = new SimulationModel({
    seed,
    anchor,
    historyDays: options.historyDays ?? 30,
    pipelinesPerDay: options.pipelinesPerDay ?? 20,
    pipelinesPerProject: options.pipelinesPerProject ?? null,
    liveIntervalSeconds: options.liveIntervalSeconds ?? 60,
    projects: options.projects ?? (options.projectCount ? cwiqProjects(options.projectCount) : DEFAULT_PROJECTS),
  });
  // The clock starts after the history is generated, so generation time does not leak into it.
  const clock = createClock({ startAt: toMs(options.startAt ?? anchor), frozen: options.frozen ?? false });
  const faults = new FaultController(seed);
  const stats = new SimStats();
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 2000);
  const findings = createFindingsWorld(seed, model.projects);
  const sonarqube = createSonarUpstream({ seed, model, findings, token: sonarqubeToken });
  const defectdojo = createDojoUpstream({ seed, model, findings, token: defectdojoToken });
  const context: ServerContext = {
    model,
    clock,
    faults,
    stats,
    limiter,
    token,
    countLimit: options.paginationCountLimit ?? GITLAB_COUNT_LIMIT,
    findings,
    upstreams: [
      sonarqube,
      defectdojo,
    ],
    renderer: null,
    api: null,
  };
  const webhooks = createSimWebhooks({
    model,
    clock,
    renderer: () => {
      if (!context.renderer) throw new Error("the simulator is not listening yet");
      return context.renderer;
    },
  });
  context.webhooks = webhooks;
  const alertInbox = new AlertInbox();
  context.alertInbox = alertInbox;
  context.alertSecret = DEFAULT_ALERT_SECRET;
  const smtp = await startSmtpReceiver(alertInbox, { port: options.smtpPort ?? 0 });

  const server = createSimServer(context);
  // As GitLab's front end (65 s), well past clients' idle pools: with the 5 s default, a client whose event
  // loop was busy longer could reuse a socket the server was closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const renderer = new Renderer(model, (options.baseUrl ?? url).replace(/\/+$/, ""));
  context.renderer = renderer;
  context.api = createApiContext(model, renderer, context.countLimit, findings);
  context.oidc = createOidcProvider({ issuer: url, clients: options.oidcClients ?? [DEFAULT_OIDC_CLIENT] });
  const startT = clock.now();
  model.ensure(startT);

  return {
    url,
    token,
    projects: model.projects.map((project) => renderer.project(project, startT)),
    clock,
    faults,
    stats,
    webhooks,
    findings,
    sonarqube: { url: `${url}/sonarqube`, token: sonarqubeToken },
    defectdojo: { url: `${url}/defectdojo`, token: defectdojoToken },
    sonarqubeControl: sonarqube.control,
    defectdojoControl: defectdojo.control,
    setRateLimit(perMinute: number) {
      limiter.setLimit(perMinute);
      limiter.reset();
    },
    truth(at?: Date | number) {
      return buildTruth(model, renderer, at === undefined ? clock.now() : toMs(at));
    },
    projectTruth(pathWithNamespace: string, at?: Date | number) {
      const project = model.projects.find((p) => p.pathWithNamespace === pathWithNamespace);
      if (!project) throw new Error(`the simulated GitLab has no project ${pathWithNamespace}`);
      return buildTruth(model, renderer, at === undefined ? clock.now() : toMs(at), project.id);
    },
    artifactTruth(jobId: number) {
      const t = clock.now();
      model.ensure(t);
      return artifactTruth({ model, findings }, jobId, t);
    },
    pipelinePlan(pipelineId: number) {
      const pipeline = model.pipeline(pipelineId);
      return pipeline ? describePlan(pipeline) : undefined;
    },
    alertReceivers: {
      inbox: alertInbox,
      secret: DEFAULT_ALERT_SECRET,
      webhookUrl: `${url}/receiver/webhook`,
      slackUrl: `${url}/receiver/slack`,
      teamsUrl: `${url}/receiver/teams`,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    },
    async close() {
      await webhooks.stop();
      await smtp.close();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

export type { ProjectSpec } from "./catalog";
export type { SimClock } from "./clock";
export type { SonarSimControl } from "./sonarqube";
export type { AddedDojoTest, DojoSimControl } from "./defectdojo";
export type { PipelinePlanInfo } from "./control";
export type { FaultAction, FaultController, FaultKind, FaultSpec } from "./faults";
export type * from "./gitlab-types";
export type { SimStats, SimStatsSnapshot } from "./stats";
export type { FindingsWorld, SimFinding, SimFindingKind, SimScanner, SimSeverity } from "./findings/types";
export type { FindingsWorldWithHistory } from "./findings/world";
export type { ArtifactName, ArtifactTruth, UnavailableReason } from "./artifacts";
export type { PipelineTruth, ProjectTruth, SimTruth } from "./truth";
export type { SimWebhooks, WebhookFlushResult } from "./webhooks";
export type { ReceivedAlert, ReceiverFault } from "./receivers/http";
export { DEFAULT_PROJECTS } from "./catalog";
export { DEFAULT_OIDC_CLIENT, SIM_USERS, type OidcClientRegistration, type SimUser } from "./oidc";
