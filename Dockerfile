# The quote service as a container: `docker build -t accord . && docker run -p 8080:8080 accord`.
# Stage 1 compiles dist/ with the dev dependencies; stage 2 installs only the runtime ones (no anvil,
# solc, contract artifacts or TypeScript) and runs node directly as PID 1: `accord serve` handles
# SIGTERM itself (drains requests, exits 0), so `docker stop` ends it cleanly without an init.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY solver ./solver
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY web ./web
COPY fixtures/markets ./fixtures/markets
COPY fixtures/intents ./fixtures/intents
COPY LICENSE README.md ./
USER node
EXPOSE 8080
CMD ["node", "bin/accord.mjs", "serve"]
