import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one running call per key and forgets it once settled', async () => {
    const flights = new SingleFlight();
    let calls = 0;
    const work = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return calls;
    };
    const results = await Promise.all([
      flights.run('k', work),
      flights.run('k', work),
      flights.run('other', work),
    ]);
    expect(results[0]).toBe(results[1]);
    expect(calls).toBe(2);
    expect(flights.isRunning('k')).toBe(false);
    await flights.run('k', work);
    expect(calls).toBe(3);
  });

  it('hands a failure to every joined caller and lets the next call retry', async () => {
    const flights = new SingleFlight();
    const failing = () => Promise.reject(new Error('boom'));
    await expect(Promise.all([flights.run('k', failing), flights.run('k', failing)])).rejects.toThrow('boom');
    await expect(flights.run('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
