// @ts-check
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (.next/standalone/services/web/server.js) for the container image.
  output: 'standalone',
  // Dependencies live in the repository's root node_modules, so tracing starts there.
  outputFileTracingRoot: join(webRoot, '..', '..'),
  turbopack: { root: join(webRoot, '..', '..') },
  poweredByHeader: false,
  reactStrictMode: true,
  // Lint and type-check are the repository's own steps (npm run lint / typecheck).
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
