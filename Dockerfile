# syntax=docker/dockerfile:1
# Agora Token Authority: production image. Configuration (credentials included) comes from the
# environment at run time; nothing secret is ever part of a layer.

# --- build: full toolchain, compiles src/ to dist/ ---------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled output only ----------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json is also read at run time (the OpenAPI document's version).
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency runs code at install time in the image that ships.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The node image's unprivileged user, by number so Kubernetes' runAsNonRoot can verify it. The
# files above stay owned by root: the process cannot rewrite its own code.
USER 1000:1000
EXPOSE 3000
# node itself (slim images have no curl): liveness on the port the app listens on.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself, then drains and exits 0.
CMD ["node", "dist/main"]
