import { BenchProcess } from '../bench-process';
import { type BenchResult } from '../bench-report';
import { type LoadFigures, loadTest } from '../http-load';
import { type BenchSuite } from './bench-suite';

const CONNECTIONS = 100;

async function hello(adapter: 'fastify' | 'express'): Promise<LoadFigures> {
  const server = await BenchProcess.fixture('nest-hello.server', { ADAPTER: adapter });
  try {
    await server.waitFor('/hello');
    return await loadTest(`${server.url}/hello`, {
      connections: CONNECTIONS,
      warmupSeconds: 2,
      measureSeconds: 8,
    });
  } finally {
    await server.stop();
  }
}

/** Why the gateway runs Nest on Fastify: the same hello route on both adapters, in one run. */
export const httpAdapterBench: BenchSuite = {
  name: 'http-adapter',
  async run() {
    const express = await hello('express');
    const fastify = await hello('fastify');
    const results: BenchResult[] = [
      {
        suite: 'http-adapter',
        metric: `Nest hello on Fastify vs on Express: req/s at ${CONNECTIONS} conns`,
        unit: 'req/s',
        ours: fastify.requestsPerSecond,
        baseline: express.requestsPerSecond,
        target: { op: '>=', ratio: 1 },
      },
      {
        suite: 'http-adapter',
        metric: 'Nest hello on Fastify vs on Express: p99',
        unit: 'ms',
        ours: fastify.p99Ms,
        baseline: express.p99Ms,
      },
    ];
    return results;
  },
};
