/*
 * The architecture, checked by `npm run lint`: one-way layers, no import cycles, and the simulator a
 * neighbour reached only through the runtime wiring. Data flows upstream clients → ingest →
 * PostgreSQL → page read models → pages; a layer imports only the layers listed before it.
 * The entry points start the simulator and pass it to lib/runtime as a function.
 */

/** Bottom to top. */
const LAYERS = [
  { name: "domain", path: "^lib/domain/", says: "CWIQ facts and pure rules: no IO" },
  { name: "platform", path: "^lib/platform/", says: "configuration, database, logging, caches" },
  { name: "upstream", path: "^lib/upstream/", says: "GitLab, SonarQube, DefectDojo clients and the artifact parsers" },
  { name: "ingest", path: "^lib/ingest/", says: "the sync cycle: upstream answers into PostgreSQL" },
  { name: "pages", path: "^lib/pages/", says: "page read models: PostgreSQL into what a page shows" },
  { name: "web", path: "^lib/web/", says: "HTTP plumbing for routes: responses, sign-in, headers, webhook intake" },
  { name: "runtime", path: "^lib/runtime/", says: "process wiring: database, upstream or simulator, the sync loop" },
  { name: "app", path: "^(app|components)/|^proxy\\.ts$|^next\\.config\\.ts$", says: "routes and UI" },
  { name: "entry points", path: "^(scripts|bench)/", says: "command entry points" },
];

const TESTS = "\\.(test|spec)\\.tsx?$|^test/|^e2e/";

const upward = LAYERS.flatMap((layer, i) =>
  LAYERS.slice(i + 1).map((higher) => ({
    name: `layer-${layer.name}-not-${higher.name}`,
    comment: `${layer.name} (${layer.says}) must not import ${higher.name}, a layer above it`,
    severity: "error",
    from: { path: layer.path, pathNot: TESTS },
    to: { path: higher.path },
  })),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: move the shared type or function to a module both can import",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: "upstream-without-database",
      comment: "Upstream clients and parsers never touch the database",
      severity: "error",
      from: { path: "^lib/upstream/", pathNot: TESTS },
      to: { path: "^lib/platform/db/" },
    },
    {
      name: "pages-read-postgres-only",
      comment: "Page read models read PostgreSQL, never GitLab or the sync",
      severity: "error",
      from: { path: "^lib/pages/", pathNot: TESTS },
      to: { path: "^lib/(upstream|ingest)/" },
    },
    {
      name: "routes-never-call-upstream",
      comment: "Routes and components go through page read models, never to GitLab or the sync",
      severity: "error",
      from: { path: "^(app|components)/", pathNot: TESTS },
      to: { path: "^lib/(upstream|ingest|runtime)/" },
    },
    {
      name: "simulator-through-entry-points",
      comment: "The simulated platform is a neighbour: entry points hand it to the runtime wiring (tests may use it); lib never imports it",
      severity: "error",
      from: { pathNot: `^simulator/|^(scripts|bench)/|${TESTS}` },
      to: { path: "^simulator/" },
    },
    {
      name: "simulator-stands-apart",
      comment: "The simulator shares only the CWIQ contract with Stageboard",
      severity: "error",
      from: { path: "^simulator/", pathNot: TESTS },
      to: { path: "^(lib|app|components)/", pathNot: "^lib/domain/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that names no file",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // The generated Prisma client (enums, SQL builder) is the schema's, shared by every layer.
    exclude: { path: "^(node_modules|\\.next|\\.data)/|/generated/" },
    // Type-only imports count: a cycle through a type is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
