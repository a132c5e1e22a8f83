# One image for every Heed service; the command picks the service (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /heed
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /heed
ENV NODE_ENV=production
COPY --from=build /heed/node_modules ./node_modules
COPY --from=build /heed/dist ./dist
COPY --from=build /heed/package.json ./package.json
USER node
CMD ["node", "dist/apps/heed/src/main.js"]
