import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

const TYPE_A = 1;
const CLASS_IN = 1;

/**
 * A DNS server on 127.0.0.1 that answers A queries for the names it was given (several addresses each,
 * like Docker's DNS answers a scaled compose service) and NOERROR with no answer for anything else.
 * The edge's `dynamic a` upstreams resolve through it, as they resolve through 127.0.0.11 in compose.
 */
export class ARecordDnsServer {
  /** A queries answered, per name (lower case, no trailing dot). */
  readonly answered = new Map<string, number>();

  private constructor(
    private readonly socket: Socket,
    private readonly records: Map<string, readonly string[]>,
  ) {
    socket.on('message', (query, peer) => this.answer(query, peer));
  }

  static async start(records: Record<string, readonly string[]>): Promise<ARecordDnsServer> {
    const socket = createSocket('udp4');
    const byName = new Map(Object.entries(records).map(([name, ips]) => [normalized(name), ips]));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new ARecordDnsServer(socket, byName);
  }

  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  /** Answers `name` with these addresses from now on (a replica added or removed, as `--scale` does). */
  setRecords(name: string, ips: readonly string[]): void {
    this.records.set(normalized(name), ips);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(query: Buffer, peer: RemoteInfo): void {
    const question = parseQuestion(query);
    if (!question) return;
    const ips = question.type === TYPE_A ? (this.records.get(question.name) ?? []) : [];
    if (ips.length > 0) this.answered.set(question.name, (this.answered.get(question.name) ?? 0) + 1);
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    // QR, opcode 0, RD copied from the query, RA; rcode 0 (a name we do not know simply has no records).
    header.writeUInt16BE(0x8180 | (query.readUInt16BE(2) & 0x0100), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(ips.length, 6);
    const answers = ips.map((ip) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      record.writeUInt16BE(TYPE_A, 2);
      record.writeUInt16BE(CLASS_IN, 4);
      record.writeUInt32BE(1, 6); // TTL 1 s: the edge re-resolves on its own schedule anyway
      record.writeUInt16BE(4, 10);
      ip.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
      return record;
    });
    this.socket.send(Buffer.concat([header, question.bytes, ...answers]), peer.port, peer.address);
  }
}

function normalized(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The first question of a query: its name, type and raw bytes (name + type + class), or undefined. */
function parseQuestion(query: Buffer): { name: string; type: number; bytes: Buffer } | undefined {
  if (query.length < 12 || query.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset];
    labels.push(query.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  const end = offset + 1 + 4;
  if (end > query.length) return undefined;
  return {
    name: normalized(labels.join('.')),
    type: query.readUInt16BE(offset + 1),
    bytes: query.subarray(12, end),
  };
}
