import { type IncomingMessage } from 'node:http';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig } from '@tracera/config';

/**
 * The content service's HTTP setup (call it from the service definition's `configureApp`): request bodies
 * other than JSON and forms reach handlers as the unread stream, so an upload is written to disk as it
 * arrives instead of being buffered whole, and its size cap is enforced by the handler while streaming.
 */
export function configureContentHttp(app: NestFastifyApplication, _config?: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const passThrough = (
    _request: unknown,
    payload: IncomingMessage,
    done: (error: null, body: IncomingMessage) => void,
  ) => done(null, payload);
  fastify.addContentTypeParser('application/octet-stream', passThrough);
  fastify.addContentTypeParser('*', passThrough);
}
