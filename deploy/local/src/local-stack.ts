import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isPortFree, preferredOrFreePort } from '@tracera/embedded-servers';
import { type StartOptions } from './cli-arguments';
import { type ConsoleOutput } from './console-output';
import { healthUrl, isReady } from './health-probe';
import { LocalInfrastructure } from './local-infrastructure';
import { stopLeftoverProcesses } from './leftover-processes';
import { startTimeOf } from './process-liveness';
import { SupervisedProcess, describeExit, formatDuration } from './process-supervisor';
import {
  SERVICE_CATALOG,
  migrationsLaunch,
  type Launch,
  type ServiceDefinition,
  type StackContext,
} from './service-catalog';
import { StackAlreadyRunningError, StateFile, stateFilePath, type StackPhase } from './state-file';

/** A service's SHUTDOWN_TIMEOUT (10 s by default) plus a margin, before SIGKILL. */
const SERVICE_STOP_GRACE_MS = 15_000;
const MIGRATION_TIMEOUT_MS = 5 * 60_000;
/** After the first Ctrl-C was ignored for this long, even a forced stop gives up waiting. */
const FORCED_EXIT_AFTER_MS = 10_000;

export interface ReplicaPlan {
  service: ServiceDefinition;
  replica: number;
  /** `gateway#2`, or `auth` when the service runs one replica. */
  name: string;
  port: number;
}

interface RunningReplica {
  plan: ReplicaPlan;
  process: SupervisedProcess;
}

class StopRequested extends Error {}

/**
 * `npm start`: Redis and PostgreSQL, the migrations, then every service replica as its own supervised
 * process, until a signal asks everything to stop in the reverse order.
 */
export class LocalStack {
  private stateFile?: StateFile;
  private readonly infrastructure: LocalInfrastructure;
  private plans: ReplicaPlan[] = [];
  private replicas: RunningReplica[] = [];
  private migration?: ChildProcess;
  private phase: StackPhase = 'starting';
  private stopReason?: string;
  private forced = false;
  private wakeOnStop!: () => void;
  private readonly stopRequested = new Promise<void>((resolve) => (this.wakeOnStop = resolve));
  private parentWatch?: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  constructor(
    private readonly options: StartOptions,
    private readonly repoRoot: string,
    private readonly output: ConsoleOutput,
  ) {
    this.infrastructure = new LocalInfrastructure(
      {
        dataDir: options.dataDir,
        redisPort: options.redisPort,
        postgresPort: options.postgresPort,
        redisAddress: options.redisAddress,
        databaseUrl: options.databaseUrl,
      },
      output,
      () => this.saveState(),
    );
  }

  /** Runs until stopped; resolves with the exit code. */
  async run(): Promise<number> {
    this.handleSignals();
    try {
      this.stateFile = await StateFile.claim(
        {
          version: 1,
          runner: {
            pid: process.pid,
            startTime: startTimeOf(process.pid),
            startedAt: new Date(this.startedAt).toISOString(),
            phase: 'starting',
            dataDir: this.options.dataDir,
            repoRoot: this.repoRoot,
          },
          processes: [],
          updatedAt: new Date().toISOString(),
        },
        async (stale) => {
          this.output.info(
            `the runner recorded in ${stateFilePath(this.options.dataDir)} (pid ${stale.runner.pid}) has died`,
          );
          await stopLeftoverProcesses(stale, (line) => this.output.info(line));
        },
      );
    } catch (error) {
      this.output.warn(
        error instanceof StackAlreadyRunningError ? error.message : `cannot start: ${messageOf(error)}`,
      );
      this.stopWatching();
      return 1;
    }

    let exitCode = 0;
    try {
      await this.startEverything();
      await this.stopRequested;
    } catch (error) {
      if (!(error instanceof StopRequested)) {
        this.output.warn(`start-up failed: ${messageOf(error)}`);
        exitCode = 1;
      }
    }
    await this.shutdown();
    return this.forced ? 1 : exitCode;
  }

  private async startEverything(): Promise<void> {
    this.output.reserveWidth(['migrate', ...this.replicaNames().map(([, name]) => name)]);
    this.output.info(`data in ${this.options.dataDir}`);
    const context = (): StackContext => ({
      repoRoot: this.repoRoot,
      redisAddress: this.infrastructure.redisAddress,
      databaseUrl: this.infrastructure.databaseUrl,
      portOf: (service) => this.portOf(service),
    });
    this.assertBuilt();

    await this.infrastructure.start();
    this.throwIfStopping();

    this.setPhase('migrating');
    await this.runMigrations();
    this.throwIfStopping();

    this.plans = await this.planReplicas();
    for (const plan of this.plans) this.startReplica(plan, context());
    this.setPhase('running');

    const notReady = await this.waitUntilReady(this.options.readyTimeoutMs);
    this.throwIfStopping();
    this.printSummary(notReady);
  }

  /** Fails before anything starts when `npm run build` has not produced what the stack runs. */
  private assertBuilt(): void {
    const launches: Launch[] = [
      migrationsLaunch(this.repoRoot),
      ...SERVICE_CATALOG.map((service) =>
        service.launch({ repoRoot: this.repoRoot, redisAddress: '', databaseUrl: '', portOf: () => 0 }),
      ),
    ];
    const missing = launches.flatMap((launch) =>
      launch.builtFile && !existsSync(launch.builtFile) ? [relative(this.repoRoot, launch.builtFile)] : [],
    );
    if (missing.length > 0) {
      throw new Error(
        `not built yet: ${missing.join(', ')}. Run \`npm run build\` (npm start does it for you).`,
      );
    }
  }

  private commonEnvironment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_FORMAT: this.options.logFormat,
      REDIS_ADDR: this.infrastructure.redisAddress,
      DATABASE_URL: this.infrastructure.databaseUrl,
      // The local stack serves plain http on loopback, where a Secure cookie would not be sent back.
      AUTH_COOKIE_SECURE: process.env.AUTH_COOKIE_SECURE ?? 'false',
      FILES_DIR: process.env.FILES_DIR ?? join(this.options.dataDir, 'files'),
    };
    if (this.options.logLevel) env.LOG_LEVEL = this.options.logLevel;
    // Children write to a pipe, so pino-pretty would drop its colours even when we print to a terminal.
    if (process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) {
      env.FORCE_COLOR = '1';
    }
    delete env.PORT;
    delete env.TRACERA_LOCAL_PARENT_PID;
    return env;
  }

  private async runMigrations(): Promise<void> {
    const launch = migrationsLaunch(this.repoRoot);
    const started = Date.now();
    this.output.info('running migrations');
    const child = spawn(launch.command, launch.args, {
      cwd: launch.cwd ?? this.repoRoot,
      env: this.commonEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.migration = child;
    this.output.relay('migrate', child.stdout, 'stdout');
    this.output.relay('migrate', child.stderr, 'stderr');
    const timer = setTimeout(() => {
      this.output.warn(
        `migrations still running after ${formatDuration(MIGRATION_TIMEOUT_MS)}; killing them`,
      );
      child.kill('SIGKILL');
    }, MIGRATION_TIMEOUT_MS);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => {
        child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
        child.once('error', (error) => {
          this.output.warn(`migrations could not be started: ${error.message}`);
          resolve({ code: null, signal: null });
        });
      },
    );
    clearTimeout(timer);
    this.migration = undefined;
    this.throwIfStopping();
    if (code !== 0)
      throw new Error(`migrations failed (${describeExit(code, signal)}); see the migrate lines above`);
    this.output.info(`migrations done in ${formatDuration(Date.now() - started)}`);
  }

  /** Every replica to run, as [service, display name, replica number]. */
  private replicaNames(): [ServiceDefinition, string, number][] {
    return SERVICE_CATALOG.flatMap((service) => {
      const count = this.options.replicas.get(service.name) ?? 1;
      return Array.from({ length: count }, (_, index): [ServiceDefinition, string, number] => [
        service,
        count > 1 ? `${service.name}#${index + 1}` : service.name,
        index + 1,
      ]);
    });
  }

  /** First replicas on their service's port (or the one asked for), further replicas on free ports. */
  private async planReplicas(): Promise<ReplicaPlan[]> {
    const plans: ReplicaPlan[] = [];
    for (const [service, name, replica] of this.replicaNames()) {
      plans.push({ service, replica, name, port: await this.choosePort(service, replica) });
    }
    return plans;
  }

  private async choosePort(service: ServiceDefinition, replica: number): Promise<number> {
    if (replica > 1) return freePort();
    const requested = this.options.servicePorts.get(service.name);
    if (requested !== undefined) {
      if (!(await isPortFree(requested))) {
        throw new Error(`port ${requested} asked for ${service.name} is already in use`);
      }
      return requested;
    }
    const port = await preferredOrFreePort(service.defaultPort);
    if (port !== service.defaultPort) {
      this.output.info(`port ${service.defaultPort} is taken; ${service.name} uses ${port}`);
    }
    return port;
  }

  private portOf(service: string): number {
    const first = this.plans.find((plan) => plan.service.name === service);
    if (!first) throw new Error(`${service} is not part of the stack`);
    return first.port;
  }

  private startReplica(plan: ReplicaPlan, context: StackContext): void {
    const launch = plan.service.launch(context);
    const env: NodeJS.ProcessEnv = {
      ...this.commonEnvironment(),
      ...plan.service.environment?.(context),
      PORT: String(plan.port),
    };
    const supervised = new SupervisedProcess(
      { name: plan.name, command: launch.command, args: launch.args, cwd: launch.cwd ?? this.repoRoot, env },
      this.output,
      {
        onChange: () => this.saveState(),
        onRestarted: (crashedAt) => void this.reportRecovery(plan, supervised, crashedAt),
      },
    );
    this.replicas.push({ plan, process: supervised });
    supervised.start();
  }

  private readinessUrl(plan: ReplicaPlan): string {
    return healthUrl(plan.port, plan.service.readinessPath);
  }

  /** Resolves with the replicas still not ready when the time is up (or a stop was asked for). */
  private async waitUntilReady(timeoutMs: number): Promise<ReplicaPlan[]> {
    const pending = new Set(this.replicas);
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0 && Date.now() < deadline && !this.stopReason) {
      await Promise.all(
        [...pending].map(async (running) => {
          if (!running.process.running || !(await isReady(this.readinessUrl(running.plan)))) return;
          pending.delete(running);
          this.output.info(
            `${running.plan.name} is ready (${formatDuration(Date.now() - this.startedAt)} after start)`,
          );
        }),
      );
      if (pending.size > 0) await Promise.race([sleep(250), this.stopRequested]);
    }
    return [...pending].map((running) => running.plan);
  }

  /** Logs how long a crashed replica took to be ready again (the number a restart policy is judged by). */
  private async reportRecovery(
    plan: ReplicaPlan,
    supervised: SupervisedProcess,
    crashedAt: number,
  ): Promise<void> {
    const pid = supervised.pid;
    const deadline = Date.now() + 120_000;
    while (!this.stopReason && supervised.pid === pid && pid !== undefined && Date.now() < deadline) {
      if (await isReady(this.readinessUrl(plan))) {
        this.output.info(
          `${plan.name} is ready again, ${formatDuration(Date.now() - crashedAt)} after it went down`,
        );
        return;
      }
      await sleep(200);
    }
  }

  private printSummary(notReady: ReplicaPlan[]): void {
    const elapsed = formatDuration(Date.now() - this.startedAt);
    const rows: [string, string][] = [];
    for (const service of SERVICE_CATALOG) {
      const first = this.replicas.find((running) => running.plan.service === service);
      if (!first) continue;
      for (const link of service.links ?? [])
        rows.push([link.label, `http://127.0.0.1:${first.plan.port}${link.path}`]);
    }
    for (const running of this.replicas) rows.push([running.plan.name, this.readinessUrl(running.plan)]);
    const { redis, postgres } = this.infrastructure.records();
    if (redis) rows.push(['Redis', `${redis.address}${redis.embedded ? ` (data ${redis.dataDir})` : ''}`]);
    if (postgres)
      rows.push([
        'PostgreSQL',
        `${postgres.address}${postgres.embedded ? ` (data ${postgres.dataDir})` : ''}`,
      ]);
    const width = Math.max(...rows.map(([label]) => label.length));

    if (notReady.length === 0) {
      this.output.info(`Tracera is up: all ${this.replicas.length} processes ready, ${elapsed} after start.`);
    } else {
      this.output.warn(
        `Not ready after ${elapsed}: ${notReady.map((plan) => plan.name).join(', ')}. ` +
          'They keep running and restarting; their log lines above say why.',
      );
    }
    for (const [label, value] of rows) this.output.info(`  ${label.padEnd(width)}  ${value}`);
    this.output.info(
      'Ctrl-C or `npm stop` stops everything; `npm run status` shows what runs and whether it is ready.',
    );
  }

  private handleSignals(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.stopReason) this.force(signal);
        else this.requestStop(`${signal} received`);
      });
    }
    // Started by bootstrap.mjs: if it is killed outright, stop rather than live on unowned.
    const parentPid = Number(process.env.TRACERA_LOCAL_PARENT_PID);
    if (Number.isInteger(parentPid) && parentPid > 0) {
      this.parentWatch = setInterval(() => {
        if (process.ppid !== parentPid && !this.stopReason)
          this.requestStop('the process that started the runner has gone');
      }, 1000);
    }
  }

  private stopWatching(): void {
    clearInterval(this.parentWatch);
  }

  private requestStop(reason: string): void {
    this.stopReason = reason;
    this.output.info(`${reason}: stopping (press Ctrl-C again to force)`);
    this.migration?.kill('SIGTERM');
    this.wakeOnStop();
  }

  private force(signal: string): void {
    if (this.forced) return;
    this.forced = true;
    this.output.warn(`${signal} again: killing every process now`);
    this.migration?.kill('SIGKILL');
    for (const running of this.replicas) void running.process.kill();
    void this.infrastructure.kill();
    setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_MS).unref();
  }

  private throwIfStopping(): void {
    if (this.stopReason) throw new StopRequested();
  }

  private async shutdown(): Promise<void> {
    this.stopWatching();
    this.stopReason ??= 'start-up failed';
    this.setPhase('stopping');
    const started = Date.now();
    if (this.replicas.length > 0) this.output.info(`stopping ${this.replicas.length} service processes`);
    this.migration?.kill('SIGTERM');
    await Promise.all(this.replicas.map((running) => running.process.stop(SERVICE_STOP_GRACE_MS)));
    await this.infrastructure.stop();
    this.stateFile?.remove();
    this.stateFile = undefined;
    this.output.info(`stopped in ${formatDuration(Date.now() - started)}`);
  }

  private setPhase(phase: StackPhase): void {
    this.phase = phase;
    this.saveState();
  }

  private saveState(): void {
    this.stateFile?.update((state) => {
      state.runner.phase = this.phase;
      const { redis, postgres } = this.infrastructure.records();
      state.redis = redis;
      state.postgres = postgres;
      state.processes = this.replicas.map(({ plan, process }) => ({
        name: plan.name,
        service: plan.service.name,
        replica: plan.replica,
        pid: process.pid,
        port: plan.port,
        restarts: process.restarts,
        startedAt: process.startedAt?.toISOString(),
        startTime: process.pid === undefined ? undefined : startTimeOf(process.pid),
      }));
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
