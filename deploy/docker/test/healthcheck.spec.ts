import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import { readinessUrl, SERVICE_DEFAULT_PORTS } from '../src/healthcheck';

describe('readinessUrl', () => {
  it('probes /health/ready on loopback at PORT', () => {
    expect(readinessUrl({ PORT: '8082', TRACERA_SERVICE: 'auth' })).toBe(
      'http://127.0.0.1:8082/health/ready',
    );
  });

  it("falls back to the image's service default port when PORT is unset", () => {
    expect(readinessUrl({ TRACERA_SERVICE: 'search-cache' })).toBe('http://127.0.0.1:8083/health/ready');
  });

  it('takes HEALTHCHECK_PATH (the web image) and HEALTHCHECK_URL as given', () => {
    expect(readinessUrl({ PORT: '3000', HEALTHCHECK_PATH: '/api/health' })).toBe(
      'http://127.0.0.1:3000/api/health',
    );
    expect(readinessUrl({ PORT: '1', HEALTHCHECK_URL: 'http://10.0.0.5:9000/ready' })).toBe(
      'http://10.0.0.5:9000/ready',
    );
  });

  it('refuses to guess without PORT or a known service', () => {
    expect(() => readinessUrl({ TRACERA_SERVICE: 'migrate' })).toThrow(/PORT is not set/);
  });

  it("knows exactly each service's defaultPort from its service definition", () => {
    const servicesDir = join(REPO_ROOT, 'services');
    const fromDefinitions: Record<string, number> = {};
    for (const service of readdirSync(servicesDir)) {
      const srcDir = join(servicesDir, service, 'src');
      const definition = readdirSync(srcDir, { withFileTypes: true }).find((entry) =>
        entry.name.endsWith('.service-definition.ts'),
      );
      if (!definition) continue;
      const match = /defaultPort:\s*(\d+)/.exec(readFileSync(join(srcDir, definition.name), 'utf8'));
      if (match) fromDefinitions[service] = Number(match[1]);
    }
    expect(Object.keys(fromDefinitions).length).toBeGreaterThanOrEqual(6);
    expect(SERVICE_DEFAULT_PORTS).toEqual(fromDefinitions);
  });
});
