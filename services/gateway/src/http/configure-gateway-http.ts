import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig } from '@tracera/config';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import { installClientIp } from './client-ip';
import { installJsonBodyParser } from './json-body-parser';
import { buildOpenApiDocument, serveOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';

export const API_PREFIX = 'api/v1';

/**
 * Everything the public HTTP API has around its routes: `/api/v1` prefix, JSON body limit, security headers,
 * CORS, client IP resolution, zod validation and serialization, problem+json errors and the OpenAPI document.
 * Production (`main.ts`) and the integration tests call this same function before `init()`/`listen()`.
 */
export async function configureGatewayHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });

  installJsonBodyParser(app, config.http.bodyLimitBytes);

  await app.register(helmet, {
    // Helmet's default CSP (self-only scripts, inline styles) is what the same-origin Swagger UI needs.
    contentSecurityPolicy: { useDefaults: true },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  app.enableCors({
    // An empty list answers no CORS headers at all, so browsers keep other origins out.
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after', 'etag'],
    maxAge: 600,
  });
  installClientIp(app.getHttpAdapter().getInstance(), config.http.trustedProxies);

  app.useGlobalPipes(new ZodValidationPipe());
  app.useGlobalInterceptors(new ZodSerializerInterceptor(app.get(Reflector)));
  app.useGlobalFilters(new ProblemDetailsFilter());

  serveOpenApi(app, buildOpenApiDocument(app));
}
