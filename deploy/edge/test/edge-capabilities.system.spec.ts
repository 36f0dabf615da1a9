import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import { CaddyEdge, caddyBinary } from './support/caddy-edge';

/** The user compose.prod.yml and deploy/edge/Dockerfile run the edge as. */
const EDGE_UID = 65532;
const NET_BIND_SERVICE = 1n << 10n;

/**
 * The edge container's privileges, emulated with setpriv on this machine's Caddy (run as root): uid 65532,
 * no supplementary groups, no inheritable capabilities, a bounding set (what compose's cap_drop/cap_add
 * leave) and no-new-privileges (security_opt). caddy:2.10-alpine ships its binary with
 * cap_net_bind_service=+ep; deploy/edge/Dockerfile replaces it with a copy that has no file capability.
 */
describe('edge container capabilities (Caddy as uid 65532)', () => {
  let folder: string;
  let officialBinary: string;
  let edgeImageBinary: string;

  function asEdgeUser(argv: string[], boundingSet: string, options: { viaShell?: boolean } = {}): string[] {
    // A non-root shell holds no permitted capability when it execs Caddy; setpriv itself still holds them.
    const command = options.viaShell ? ['/bin/sh', '-c', 'exec "$0" "$@"', ...argv] : argv;
    return [
      'setpriv',
      ...['--reuid', String(EDGE_UID), '--regid', String(EDGE_UID), '--clear-groups'],
      ...['--no-new-privs', '--bounding-set', boundingSet, '--inh-caps=-all'],
      ...command,
    ];
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tracera-edge-caps-'));
    await chmod(folder, 0o755);
    // The official image's binary: this machine's Caddy with the file capability caddy-docker sets.
    officialBinary = join(folder, 'official', 'caddy');
    await mkdir(join(folder, 'official'), { mode: 0o755 });
    await copyFile(caddyBinary(), officialBinary);
    await chmod(officialBinary, 0o755);
    execFileSync('setcap', ['cap_net_bind_service=+ep', officialBinary]);
    // The edge image's binary: the Dockerfile's own commands on /usr/bin/caddy, run on a copy of the above.
    edgeImageBinary = join(folder, 'image', 'caddy');
    await mkdir(join(folder, 'image'), { mode: 0o755 });
    await copyFile(officialBinary, edgeImageBinary);
    execFileSync('setcap', ['cap_net_bind_service=+ep', edgeImageBinary]);
    const steps = dockerfileStepsOnCaddyBinary(
      await readFile(join(REPO_ROOT, 'deploy', 'edge', 'Dockerfile'), 'utf8'),
    );
    expect(steps.length).toBeGreaterThan(0);
    execFileSync('/bin/sh', ['-euc', steps.join(' && ').replaceAll('/usr/bin/caddy', edgeImageBinary)]);
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('ships the official binary with the file capability, and the edge image binary without any', () => {
    expect(execFileSync('getcap', [officialBinary], { encoding: 'utf8' })).toContain(
      'cap_net_bind_service=ep',
    );
    expect(execFileSync('getcap', [edgeImageBinary], { encoding: 'utf8' }).trim()).toBe('');
  });

  it('refuses to exec the official binary when NET_BIND_SERVICE is not in the bounding set (cap_drop: ALL)', () => {
    const [command, ...args] = asEdgeUser([officialBinary, 'version'], '-all');
    const result = spawnSync(command, args, { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Operation not permitted');
    const [allowed, ...allowedArgs] = asEdgeUser([officialBinary, 'version'], '-all,+net_bind_service');
    expect(spawnSync(allowed, allowedArgs, { encoding: 'utf8' }).status).toBe(0);
  });

  it('gives the official binary NET_BIND_SERVICE under no-new-privileges only if its parent held it', async () => {
    const heldByParent = await capabilitiesOfRunningEdge(officialBinary, '-all,+net_bind_service');
    expect(heldByParent.CapEff & NET_BIND_SERVICE).toBe(NET_BIND_SERVICE);
    const notHeldByParent = await capabilitiesOfRunningEdge(officialBinary, '-all,+net_bind_service', true);
    expect(notHeldByParent.CapEff).toBe(0n);
  });

  it('runs the edge image binary with the real Caddyfile as uid 65532, with no capability at all', async () => {
    const status = await capabilitiesOfRunningEdge(edgeImageBinary, '-all');
    expect(status).toEqual({ Uid: EDGE_UID, CapPrm: 0n, CapEff: 0n, CapBnd: 0n, NoNewPrivs: 1n });
  });

  /** Starts deploy/edge/Caddyfile as the edge user, waits until it is healthy and reads its credentials. */
  async function capabilitiesOfRunningEdge(
    binary: string,
    boundingSet: string,
    viaShell = false,
  ): Promise<{ Uid: number; CapPrm: bigint; CapEff: bigint; CapBnd: bigint; NoNewPrivs: bigint }> {
    const edge = await CaddyEdge.start(
      {},
      { binary, owner: EDGE_UID, launch: (argv) => asEdgeUser(argv, boundingSet, { viaShell }) },
    );
    try {
      const status = await readFile(`/proc/${edge.pid}/status`, 'utf8');
      const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1] ?? '';
      return {
        Uid: Number(field('Uid')),
        CapPrm: BigInt(`0x${field('CapPrm')}`),
        CapEff: BigInt(`0x${field('CapEff')}`),
        CapBnd: BigInt(`0x${field('CapBnd')}`),
        NoNewPrivs: BigInt(field('NoNewPrivs')),
      };
    } finally {
      await edge.stop();
    }
  }
});

/** The `&&`-joined commands of the Dockerfile's RUN instructions that touch /usr/bin/caddy. */
function dockerfileStepsOnCaddyBinary(dockerfile: string): string[] {
  const runInstructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('RUN '))
    .map((line) => line.slice('RUN '.length));
  return runInstructions
    .flatMap((instruction) => instruction.split('&&'))
    .map((command) => command.trim())
    .filter((command) => command.includes('/usr/bin/caddy'));
}
