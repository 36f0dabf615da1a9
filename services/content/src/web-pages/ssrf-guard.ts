import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Raised when a page's host is (or resolves to) an address the service must not reach. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, which is not a public address`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * True for globally routable unicast addresses only. Everything else — private, loopback, link-local
 * (cloud metadata lives at 169.254.169.254), unique-local, CGNAT, multicast, broadcast, unspecified,
 * documentation/benchmark/reserved and the IPv6 ranges that embed an IPv4 address (6to4, NAT64, Teredo) —
 * could reach our own network. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 it maps.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return false;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** Decides whether an address may be connected to. */
export type AddressPolicy = (address: string) => boolean;

/** Public addresses only, or anything when the deployment allows private ones (tests, intranets). */
export function addressPolicy(allowPrivate: boolean): AddressPolicy {
  return allowPrivate ? () => true : isPublicAddress;
}

/**
 * A `lookup` for `http.request` that resolves the host and hands the socket only addresses the policy
 * allows, so the checked address is the one connected to. Node skips `lookup` for IP literals, so callers
 * also check the socket's remote address once connected (see `assertConnectedAddressAllowed`).
 */
export function createGuardedLookup(allows: AddressPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const allowed = addresses.filter((entry) => allows(entry.address));
      if (allowed.length === 0) {
        const refused = addresses[0]?.address ?? 'no address';
        callback(new BlockedAddressError(hostname, refused), '', 0);
        return;
      }
      if (options.all) {
        (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, allowed);
      } else {
        callback(null, allowed[0].address, allowed[0].family);
      }
    });
  };
}

/** Refuses a host that is an IP literal outside the policy before any connection is attempted. */
export function assertHostAllowed(hostname: string, allows: AddressPolicy): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0 && !allows(bare)) {
    throw new BlockedAddressError(hostname, bare);
  }
}

/** The last line of defence: the address the socket really connected to. */
export function assertConnectedAddressAllowed(
  hostname: string,
  remoteAddress: string | undefined,
  allows: AddressPolicy,
): void {
  if (remoteAddress === undefined || !allows(remoteAddress)) {
    throw new BlockedAddressError(hostname, remoteAddress ?? 'unknown address');
  }
}
