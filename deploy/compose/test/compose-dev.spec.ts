import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import {
  type ComposeData,
  interpolateData,
  readComposeFile,
  requiredVariablesFilled,
} from '../src/compose-file';
import { healthChecks, loopbackOnlyPorts, pinnedImages } from '../src/compose-rules';

const devFile = readComposeFile(join(REPO_ROOT, 'compose.dev.yml'));
const dev: ComposeData = interpolateData(devFile.data, requiredVariablesFilled(devFile));
const broken = (change: (data: ComposeData) => void): ComposeData => {
  const copy = structuredClone(dev);
  change(copy);
  return copy;
};

describe('compose.dev.yml rules', () => {
  it('gives every long-running service a health check', () => {
    expect(healthChecks(dev)).toEqual([]);
    expect(healthChecks(broken((d) => delete d.services.redis.healthcheck))).toEqual([
      'redis: no health check',
    ]);
  });

  it('never uses :latest or an untagged image', () => {
    expect(pinnedImages(dev)).toEqual([]);
    expect(pinnedImages(broken((d) => (d.services.redis.image = 'redis')))).toEqual([
      'redis: image redis has no tag',
    ]);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    expect(loopbackOnlyPorts(dev)).toEqual([]);
    expect(dev.services.timescaledb.ports).toEqual(['127.0.0.1:5432:5432']);
    expect(
      loopbackOnlyPorts(
        broken((d) => {
          d.services.timescaledb.ports = ['5432:5432'];
          d.services.redis.ports = [{ target: 6379, published: 6379, host_ip: '0.0.0.0' }];
        }),
      ),
    ).toEqual([
      'timescaledb: port 5432 published on every interface',
      'redis: port 6379 published on 0.0.0.0',
    ]);
  });
});
