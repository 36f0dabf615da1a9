import { type IncomingMessage } from 'node:http';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import proxyAddr from 'proxy-addr';

type TrustPredicate = ReturnType<typeof proxyAddr.compile>;

/** Compiles `TRUSTED_PROXIES` entries (IPs, CIDRs, `loopback` / `linklocal` / `uniquelocal`); empty trusts nobody. */
export function compileTrustedProxies(trustedProxies: readonly string[]): TrustPredicate {
  return proxyAddr.compile([...trustedProxies]);
}

/**
 * The socket peer, unless that peer is a trusted proxy: then the right-most `X-Forwarded-For` address that is not
 * itself trusted. Entries left of it are whatever the client wrote and are never believed.
 */
export function resolveClientIp(raw: IncomingMessage, trust: TrustPredicate): string {
  return proxyAddr(raw, trust);
}

const resolvedClientIps = new WeakMap<IncomingMessage, string>();

/** Resolves every request's client IP once, before routing, with the configured trust. */
export function installClientIp(fastify: FastifyInstance, trustedProxies: readonly string[]): void {
  const trust = compileTrustedProxies(trustedProxies);
  fastify.addHook('onRequest', (request, _reply, done) => {
    resolvedClientIps.set(request.raw, resolveClientIp(request.raw, trust));
    done();
  });
}

/** The client's IP address as the gateway believes it (for rate limits and session records). */
export function clientIp(request: Pick<FastifyRequest, 'raw'>): string {
  // Without the hook (a request from outside the gateway's app) nothing is trusted: the socket peer it is.
  return resolvedClientIps.get(request.raw) ?? request.raw.socket.remoteAddress ?? '';
}
