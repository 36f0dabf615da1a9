import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { RpcError } from '@tracera/streams';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/** How long a refused upload may keep sending (into the void) before its connection is cut. */
const REFUSED_BODY_LINGER_MS = 10_000;

/**
 * Answers failures of the internal transfer endpoints as `{error: RpcErrorBody}` with the status the RPC
 * code maps to, which the gateway passes on as it does RPC errors; anything unexpected is a logged 500.
 */
@Catch()
export class InternalHttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('InternalHttp');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    // The client went away mid-upload: nobody to answer, and nothing was kept.
    if (request.raw.destroyed && !request.raw.complete) return;
    if (!(exception instanceof RpcError)) this.logger.error({ err: exception }, 'internal transfer failed');
    const error = RpcError.from(exception);
    discardUnreadBody(request);
    void reply.status(error.status).send({ error: error.toBody() });
  }
}

/**
 * A client still sending a refused body only reads our answer once its write completes: cutting the
 * connection now would make it see a reset instead of the 413. So the rest is read and dropped, for a while.
 */
function discardUnreadBody(request: FastifyRequest): void {
  const body = request.raw;
  if (body.complete || body.destroyed) return;
  const cut = setTimeout(() => body.socket.destroy(), REFUSED_BODY_LINGER_MS);
  cut.unref();
  body.once('end', () => clearTimeout(cut));
  body.once('close', () => clearTimeout(cut));
  body.resume();
}
