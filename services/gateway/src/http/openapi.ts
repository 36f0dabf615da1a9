import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, problemDetailsSchema } from './problem-details';

export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const OPENAPI_UI_PATH = '/api/docs';

const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDetails';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } } };
}

/** Registers the problem+json schema once and points every operation's 4XX/5XX answers at it. */
function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  const {
    $schema: _dialect,
    id: _id,
    ...problemSchema
  } = z.toJSONSchema(problemDetailsSchema, {
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: problemSchema },
  };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      operation.responses['4XX'] ??= problemResponse('The request was refused; see the problem body.');
      operation.responses['5XX'] ??= problemResponse(
        'The request could not be served now; see the problem body.',
      );
    }
  }
  return document;
}

/** The OpenAPI 3 document of every route the app has, with request and response schemas from its zod DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Tracera API')
    .setDescription('Public REST API of Tracera. Errors are RFC 9457 application/problem+json.')
    .setVersion('1')
    .addCookieAuth('tracera_session', {
      type: 'apiKey',
      in: 'cookie',
      description: 'The session cookie set by /api/v1/auth/register and /api/v1/auth/login',
    })
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A session token (from sign-in) or a personal API token (`trp_…`)',
    })
    .build();
  return withProblemResponses(cleanupOpenApiDoc(SwaggerModule.createDocument(app, info)));
}

/** Serves the document and the Swagger UI (assets from swagger-ui-dist, same origin, no CDN). */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(OPENAPI_UI_PATH.slice(1), app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    useGlobalPrefix: false,
    swaggerOptions: { validatorUrl: null },
  });
}
