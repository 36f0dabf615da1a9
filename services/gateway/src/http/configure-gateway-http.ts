import { RequestMethod } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig } from '@tracera/config';
import { ZodValidationPipe } from 'nestjs-zod';
import { SocketIoAdapter } from '../realtime/socket-io.adapter';
import { installMultipartUploads } from '../transfers/multipart-upload';
import { installClientIp } from './client-ip';
import { installJsonBodyParser } from './json-body-parser';
import { buildOpenApiDocument, serveOpenApi } from './openapi';
import { installSecurityHeaders } from './security-headers';
import { ProblemDetailsFilter } from './problem-details.filter';

export const API_PREFIX = 'api/v1';

/**
 * Everything the public HTTP API has around its routes: `/api/v1` prefix, JSON body limit, security headers,
 * CORS, client IP resolution, zod validation and serialization, problem+json errors and the OpenAPI document.
 * Production (`main.ts`) and the integration tests call this same function before `init()`/`listen()`.
 */
export function configureGatewayHttp(app: NestFastifyApplication, config: AppConfig): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });

  installJsonBodyParser(app, config.http.bodyLimitBytes);
  // Uploads (POST /files, POST /imports) stream their multipart bodies; every other body stays JSON.
  installMultipartUploads(app);

  installSecurityHeaders(app.getHttpAdapter().getInstance(), {
    // Helmet's default CSP (self-only scripts, inline styles) is what the same-origin Swagger UI needs.
    contentSecurityPolicy: { useDefaults: true },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // Without configured origins no CORS headers are answered at all, so browsers keep other origins out.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      credentials: true,
      // @fastify/cors allows only GET, HEAD and POST unless told; the API edits and deletes too.
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // Request headers the web app sends beyond the CORS-safelisted ones.
      allowedHeaders: ['content-type', 'authorization', 'if-match', 'idempotency-key', 'x-request-id'],
      exposedHeaders: [
        'x-request-id',
        'retry-after',
        'etag',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'ratelimit-policy',
      ],
      maxAge: 600,
    });
  }
  installClientIp(app.getHttpAdapter().getInstance(), config.http.trustedProxies);

  app.useGlobalPipes(new ZodValidationPipe());
  // No global serializer interceptor: any Nest interceptor costs every route about half its throughput, and
  // what routes return are RPC replies already parsed against their contract's response schema.
  app.useGlobalFilters(new ProblemDetailsFilter());

  serveOpenApi(app, buildOpenApiDocument(app));
  app.useWebSocketAdapter(new SocketIoAdapter(app, config));
}
