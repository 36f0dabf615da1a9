import { type ExportFormat, type ImportFormat } from '@tracera/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../files/file.entity';
import { type SkippedRow } from './transfer-ports';

export type TransferJobKind = 'import' | 'export';
export type TransferJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** An import or export; its report (`imported`, `skipped`) commits with the items each batch stored. */
@Entity({ name: 'transfer_jobs' })
export class TransferJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  kind!: TransferJobKind;

  @Column({ type: 'text' })
  format!: ImportFormat | ExportFormat;

  @Column({ type: 'text' })
  status!: TransferJobStatus;

  @Column({ type: 'real' })
  progress!: number;

  @Column({ type: 'integer' })
  processed!: number;

  @Column({ type: 'integer', nullable: true })
  total!: number | null;

  /** Parsed rows of the import already committed: where a resumed import continues. */
  @Column({ name: 'rows_done', type: 'integer' })
  rowsDone!: number;

  @Column({ type: 'integer' })
  imported!: number;

  @Column({ type: 'jsonb' })
  skipped!: SkippedRow[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Claims so far; a batch commits only while its runner's claim is still the current one. */
  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'source_name', type: 'text', nullable: true })
  sourceName!: string | null;

  @Column({ name: 'source_storage_key', type: 'text', nullable: true })
  sourceStorageKey!: string | null;

  @Column({ name: 'result_name', type: 'text', nullable: true })
  resultName!: string | null;

  @Column({ name: 'result_storage_key', type: 'text', nullable: true })
  resultStorageKey!: string | null;

  @Column({ name: 'result_size', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  resultSize!: number | null;

  @Column({ name: 'result_content_type', type: 'text', nullable: true })
  resultContentType!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
