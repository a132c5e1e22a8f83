# One image for every Heed service; the command picks the service (see docker-compose.yml and
# docs/deployment.md). The default command is the all-in-one process with its embedded store.
FROM node:22-bookworm-slim AS build
WORKDIR /heed
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /heed
ENV NODE_ENV=production
# The code is root's and read-only to the service; only the data volume is the service's to write:
# the embedded store, the development keys and the engine's read model (HEED_ENGINE_READ_MODEL
# defaults to a file in HEED_DATA_DIR).
COPY --from=build /heed/node_modules ./node_modules
COPY --from=build /heed/dist ./dist
COPY --from=build /heed/package.json ./package.json
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# Inside a container the HTTP services listen on every interface, or nothing outside reaches them;
# the embedded store stays on loopback (no TLS, no ACLs).
# A larger young generation: fewer short-lived objects of a signal's fold or an append survive a
# scavenge, 6-8 % less CPU per event (docs/benchmarks/ingest.md, domain.md).
ENV HEED_DATA_DIR=/data \
    HEED_INGEST_HOST=0.0.0.0 \
    HEED_ENGINE_HOST=0.0.0.0 \
    NODE_OPTIONS=--max-semi-space-size=32
EXPOSE 3000 3001
USER node
# The slim image has no curl: Node checks the engine's readiness (the all-in-one's engine; compose
# gives each service its own check).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEED_ENGINE_PORT || 3001) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/heed/src/main.js"]
