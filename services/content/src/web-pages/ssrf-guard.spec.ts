import { type LookupAddress } from 'node:dns';
import {
  addressPolicy,
  assertConnectedAddressAllowed,
  assertHostAllowed,
  BlockedAddressError,
  createGuardedLookup,
  isPublicAddress,
} from './ssrf-guard';

function lookupAll(hostname: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    createGuardedLookup(addressPolicy(allowPrivate))(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses as unknown as LookupAddress[]);
    });
  });
}

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
    '192.0.2.10',
    '::1',
    '::',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    '2001:db8::1',
    '[::1]',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2001:4860:4860::8888', '::ffff:8.8.8.8', '[2606:4700::1111]'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('assertHostAllowed', () => {
  it.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '[::1]', '[fd00::1]', '[::ffff:7f00:1]'])(
    'refuses the IP literal %s',
    (host) => {
      expect(() => assertHostAllowed(host, addressPolicy(false))).toThrow(BlockedAddressError);
    },
  );

  it('lets names through to the lookup, and anything when private addresses are allowed', () => {
    expect(() => assertHostAllowed('example.com', addressPolicy(false))).not.toThrow();
    expect(() => assertHostAllowed('127.0.0.1', addressPolicy(true))).not.toThrow();
  });
});

describe('assertConnectedAddressAllowed', () => {
  it('refuses a socket connected to a private address unless allowed', () => {
    const publicOnly = addressPolicy(false);
    expect(() => assertConnectedAddressAllowed('rebind.example', '10.0.0.7', publicOnly)).toThrow(
      'rebind.example resolves to 10.0.0.7',
    );
    expect(() => assertConnectedAddressAllowed('x', undefined, publicOnly)).toThrow(BlockedAddressError);
    expect(() => assertConnectedAddressAllowed('x', '10.0.0.7', addressPolicy(true))).not.toThrow();
    expect(() => assertConnectedAddressAllowed('x', '8.8.8.8', publicOnly)).not.toThrow();
  });
});

describe('createGuardedLookup', () => {
  it('refuses a name that resolves to loopback', async () => {
    await expect(lookupAll('localhost', false)).rejects.toThrow(BlockedAddressError);
  });

  it('resolves it when private addresses are allowed', async () => {
    const addresses = await lookupAll('localhost', true);
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every((entry) => ['127.0.0.1', '::1'].includes(entry.address))).toBe(true);
  });

  it('answers in the single-address form when not asked for all', async () => {
    const answer = await new Promise<[string, number]>((resolve, reject) => {
      createGuardedLookup(addressPolicy(true))('localhost', { family: 4 }, (error, address, family) => {
        if (error) reject(error);
        else resolve([address as string, family as number]);
      });
    });
    expect(answer).toEqual(['127.0.0.1', 4]);
  });
});
