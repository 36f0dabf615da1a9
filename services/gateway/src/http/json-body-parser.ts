import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type RawServerDefault } from 'fastify';

/**
 * A body that is not JSON. Its own class because Nest turns Fastify's parser errors into bare HttpExceptions,
 * which would leave "malformed JSON" indistinguishable from any other 400.
 */
export class MalformedJsonBodyError extends Error {
  readonly statusCode = 400;

  constructor(readonly empty: boolean) {
    super(
      empty ? 'The body is empty but its content type is JSON.' : 'The body could not be parsed as JSON.',
    );
    this.name = 'MalformedJsonBodyError';
  }
}

const EMPTY_JSON_BODY = 'FST_ERR_CTP_EMPTY_JSON_BODY';

/**
 * JSON becomes the only body type the API takes (uploads will bring their own multipart parser): other content
 * types get 415 and bodies over `bodyLimitBytes` get 413. Prototype-poisoning keys are refused as malformed.
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimitBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: bodyLimitBytes },
    (request, body, done) =>
      parseJson(request, body.toString('utf8'), (error, parsed) => {
        if (error) {
          done(new MalformedJsonBodyError((error as { code?: string }).code === EMPTY_JSON_BODY), undefined);
          return;
        }
        done(null, parsed);
      }),
  );
}
