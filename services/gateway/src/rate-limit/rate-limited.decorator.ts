import { SetMetadata } from '@nestjs/common';
import { type RequestClass } from '@tracera/rate-limit';

export const RATE_LIMIT_CLASS = 'tracera:rate-limit-class';

/** Counts the route against this class's limit too, on top of the general API limit every request has. */
export const RateLimited = (requestClass: Exclude<RequestClass, 'api'>) =>
  SetMetadata(RATE_LIMIT_CLASS, requestClass);
