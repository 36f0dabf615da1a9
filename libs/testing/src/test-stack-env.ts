/** Settings every whole-system test stack runs its services with, on top of its own database, Redis and ports. */
export const TEST_STACK_ENV: Readonly<Record<string, string>> = {
  // No outbound HTTP from tests.
  BOOKMARK_FETCH_METADATA: 'false',
  // Every request comes from 127.0.0.1; the limits have their own tests.
  RATE_LIMIT_API: '100000/1m',
  SOCKET_SEND_RATE: '10000/10s',
};
