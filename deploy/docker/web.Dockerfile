# syntax=docker/dockerfile:1.7
# The Tracera web app (Next.js, services/web) as a standalone server. Build context: the repository root.
#   docker build -f deploy/docker/web.Dockerfile -t ghcr.io/tracera/web:0.1.0 .
# Needs in services/web/next.config: output 'standalone' and outputFileTracingRoot = the repository root
# (dependencies live in the root node_modules), so the server lands at .next/standalone/services/web/server.js.

# --- all dependencies ----------------------------------------------------------------------------------
FROM node:22-bookworm-slim AS web-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NEXT_TELEMETRY_DISABLED=1 \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# --- next build (standalone) and the health-check executable ------------------------------------------
FROM web-deps AS web-build
COPY tsconfig.json ./
COPY libs ./libs
COPY deploy/docker/src/healthcheck.ts ./deploy/docker/src/healthcheck.ts
COPY services/web ./services/web
ENV NODE_ENV=production
RUN npx next build services/web
RUN test -f services/web/.next/standalone/services/web/server.js \
 || { echo "expected services/web/.next/standalone/services/web/server.js: set output 'standalone' and outputFileTracingRoot to the repository root in services/web/next.config" >&2; exit 1; }
# public/ is optional in a Next.js app; the runtime stage copies it unconditionally.
RUN mkdir -p services/web/public \
 && npx tsc --strict --module commonjs --target es2022 --types node --skipLibCheck --outDir /out \
      deploy/docker/src/healthcheck.ts \
 && head -n 1 /out/healthcheck.js | grep -qx '#!/nodejs/bin/node'

# --- runtime: distroless Node 22, non-root ---------------------------------------------------------------
# Standalone output leaves out .next/static and public (meant for a CDN); this server serves them itself.
FROM gcr.io/distroless/nodejs22-debian12:nonroot AS web
LABEL org.opencontainers.image.title="tracera-web" \
      org.opencontainers.image.licenses="AGPL-3.0-only"
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    HEALTHCHECK_PATH=/api/health
COPY --from=web-build --chown=0:0 /app/services/web/.next/standalone ./
COPY --from=web-build --chown=0:0 /app/services/web/.next/static ./services/web/.next/static
COPY --from=web-build --chown=0:0 /app/services/web/public ./services/web/public
COPY --from=web-build --chown=0:0 --chmod=0755 /out/healthcheck.js /healthcheck
USER 65532:65532
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/healthcheck"]
# server.js changes to its own directory; a read-only root needs a tmpfs at services/web/.next/cache.
CMD ["services/web/server.js"]
