import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { PROBLEM_CATALOGUE, problemTypeUri } from './problem-catalogue';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';
import { problemForError } from './problem-for-error';

/**
 * The one place HTTP errors become responses: every error (Nest's, Fastify's body parsing, the not-found
 * handler, RPC failures, outages, bugs) is answered as `application/problem+json`.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpProblems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Health probes keep the body every service answers with (each dependency named), as orchestrators read it.
    if (exception instanceof HttpException && request.url.startsWith('/health/')) {
      if (!reply.sent) void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    const mapped = problemForError(exception);
    const requestId = String(request.id);
    if (mapped.unexpected) {
      this.logger.error(
        { err: exception, requestId, method: request.method, url: request.url },
        'request failed',
      );
    } else if (mapped.status >= 500) {
      this.logger.warn(
        { err: exception, requestId, url: request.url },
        `answered ${mapped.status} (${mapped.kind})`,
      );
    }
    const body: ProblemDetails = {
      type: problemTypeUri(mapped.kind),
      title: PROBLEM_CATALOGUE[mapped.kind].title,
      status: mapped.status,
      detail: mapped.detail,
      instance: request.url.split('?')[0],
      requestId,
      ...(mapped.code === undefined ? {} : { code: mapped.code }),
      ...(mapped.errors === undefined ? {} : { errors: mapped.errors }),
    };
    if (reply.sent) return;
    if (mapped.headers) void reply.headers(mapped.headers);
    // Answered before the body was read (e.g. an upload over the limit): closing the connection is what
    // lets a browser stop sending and read the answer; kept alive, its upload stalls with no response.
    if (!request.raw.complete) void reply.header('connection', 'close');
    void reply.status(mapped.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
