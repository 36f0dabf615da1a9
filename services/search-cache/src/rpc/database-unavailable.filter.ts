import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { isDatabaseUnavailableError } from '@tracera/db';
import { RpcError } from '@tracera/streams';
import { type Observable, throwError } from 'rxjs';

/**
 * An unreachable Postgres is UNAVAILABLE (503: "try again"), not INTERNAL. The result cache never reaches
 * this far: its failures fall through to the database.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseRpcExceptionFilter {
  private readonly logger = new Logger(DatabaseUnavailableFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (exception instanceof RpcError) return throwError(() => exception);
    if (!isDatabaseUnavailableError(exception)) return super.catch(exception, host);
    this.logger.warn(`postgres unavailable: ${(exception as Error).message}`);
    return throwError(() => new RpcError('UNAVAILABLE', 'search is unavailable; try again shortly'));
  }
}
