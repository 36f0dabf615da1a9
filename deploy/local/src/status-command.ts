import { type StatusOptions } from './cli-arguments';
import { healthUrl, isListening, isReady } from './health-probe';
import { isSameProcess } from './process-liveness';
import { formatDuration } from './process-supervisor';
import { SERVICE_CATALOG } from './service-catalog';
import { isRunnerAlive, readState, stateFilePath, type ServerRecord, type StackState } from './state-file';

export interface ProcessStatus {
  name: string;
  service: string;
  replica: number;
  pid: number | null;
  port: number;
  alive: boolean;
  ready: boolean;
  restarts: number;
  startedAt: string | null;
  healthUrl: string;
}

export interface ServerStatus {
  embedded: boolean;
  address: string;
  port: number | null;
  pid: number | null;
  reachable: boolean;
  dataDir: string | null;
  logFile: string | null;
}

export interface StackStatus {
  runner: { pid: number; startedAt: string; phase: string; dataDir: string; stateFile: string };
  processes: ProcessStatus[];
  redis: ServerStatus | null;
  postgres: ServerStatus | null;
}

/** Reads the state file and probes everything it lists, live. */
export async function collectStatus(state: StackState): Promise<StackStatus> {
  const processes = await Promise.all(
    state.processes.map(async (record): Promise<ProcessStatus> => {
      const readinessPath =
        SERVICE_CATALOG.find((s) => s.name === record.service)?.readinessPath ?? '/health/ready';
      const url = healthUrl(record.port, readinessPath);
      const alive = isSameProcess(record.pid, record.startTime);
      return {
        name: record.name,
        service: record.service,
        replica: record.replica,
        pid: record.pid ?? null,
        port: record.port,
        alive,
        ready: alive && (await isReady(url)),
        restarts: record.restarts,
        startedAt: record.startedAt ?? null,
        healthUrl: url,
      };
    }),
  );
  const [redis, postgres] = await Promise.all([serverStatus(state.redis), serverStatus(state.postgres)]);
  return {
    runner: {
      pid: state.runner.pid,
      startedAt: state.runner.startedAt,
      phase: state.runner.phase,
      dataDir: state.runner.dataDir,
      stateFile: stateFilePath(state.runner.dataDir),
    },
    processes,
    redis,
    postgres,
  };
}

async function serverStatus(record: ServerRecord | undefined): Promise<ServerStatus | null> {
  if (!record) return null;
  const endpoint = hostAndPort(record.address);
  return {
    embedded: record.embedded,
    address: record.address,
    port: record.port ?? endpoint?.port ?? null,
    pid: record.pid ?? null,
    reachable: endpoint ? await isListening(endpoint.host, endpoint.port) : false,
    dataDir: record.dataDir ?? null,
    logFile: record.logFile ?? null,
  };
}

/** host and port out of `host:port`, `redis://…` or `postgres://…`. */
function hostAndPort(address: string): { host: string; port: number } | undefined {
  try {
    const url = new URL(address.includes('://') ? address : `tcp://${address}`);
    const fallback = url.protocol.startsWith('postgres') ? 5432 : 6379;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : fallback };
  } catch {
    return undefined;
  }
}

export async function runStatus(options: StatusOptions): Promise<number> {
  const state = readState(options.dataDir);
  if (!state || !isRunnerAlive(state)) {
    const why = state
      ? `its runner (pid ${state.runner.pid}) has exited; the next \`npm start\` or \`npm stop\` cleans up`
      : `no state file at ${stateFilePath(options.dataDir)}`;
    process.stderr.write(`No Tracera stack is running on ${options.dataDir}: ${why}.\n`);
    return 1;
  }
  const status = await collectStatus(state);
  process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderTable(status));
  return 0;
}

function renderTable(status: StackStatus): string {
  const uptime = formatDuration(Date.now() - Date.parse(status.runner.startedAt));
  const lines = [
    `Tracera local stack: runner pid ${status.runner.pid}, ${status.runner.phase}, up ${uptime}`,
    `data ${status.runner.dataDir}`,
    '',
  ];
  const rows = [
    ['PROCESS', 'PID', 'PORT', 'READY', 'RESTARTS', 'UP', 'HEALTH'],
    ...status.processes.map((p) => [
      p.name,
      p.pid === null ? '-' : String(p.pid),
      String(p.port),
      p.ready ? 'yes' : p.alive ? 'NO' : 'DOWN',
      String(p.restarts),
      p.alive && p.startedAt ? formatDuration(Date.now() - Date.parse(p.startedAt)) : '-',
      p.healthUrl,
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
  lines.push('');
  for (const [label, server] of [
    ['Redis', status.redis],
    ['PostgreSQL', status.postgres],
  ] as const) {
    if (!server) continue;
    const origin = server.embedded ? `embedded, pid ${server.pid ?? '-'}` : 'external';
    lines.push(
      `${label.padEnd(11)} ${server.address} (${origin}) ${server.reachable ? 'reachable' : 'NOT REACHABLE'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
