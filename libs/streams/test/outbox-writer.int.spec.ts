import { createEnvelope } from '@tracera/contracts';
import { createTestDatabase, waitFor } from '@tracera/testing';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { InvalidEventError, OutboxEntry, outboxChannel } from '../src';
import {
  migrateTestDatabase,
  newWriter,
  Note,
  noteCreated,
  openDataSource,
  SCHEMA,
  streamNames,
} from './outbox-fixtures';

describe('OutboxWriter', () => {
  let url: string;
  let dataSource: DataSource;
  const writer = newWriter();

  beforeAll(async () => {
    url = await createTestDatabase('outbox_writer');
    await migrateTestDatabase(url);
    dataSource = await openDataSource(url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${SCHEMA}.notes, ${SCHEMA}.outbox`);
  });

  const counts = async () => ({
    notes: await dataSource.getRepository(Note).count(),
    events: await dataSource.getRepository(OutboxEntry).count(),
  });

  it('commits the entity change and its event together, the envelope complete', async () => {
    const cause = createEnvelope({ type: 'content.note.create', actor: 'u-7', data: {} });
    const envelope = await writer.transaction(dataSource, async (manager, emit) => {
      const note = await manager.save(Note, { title: 'groceries' });
      return emit(noteCreated, { noteId: note.id, title: note.title }, { actor: 'u-7', causedBy: cause });
    });

    expect(await counts()).toEqual({ notes: 1, events: 1 });
    const [row] = await dataSource.getRepository(OutboxEntry).find();
    expect(row).toMatchObject({
      eventId: envelope.id,
      stream: streamNames.events('content'),
      type: 'note.created',
      v: 1,
      actor: 'u-7',
      correlationId: cause.correlationId,
      causationId: cause.id,
      traceparent: '',
      data: { noteId: envelope.data.noteId, title: 'groceries' },
      publishedAt: null,
      attempts: 0,
      lastError: null,
    });
    expect(row.ts.toISOString()).toBe(envelope.ts);
  });

  it('rolls back both when the transaction fails after the emit', async () => {
    await expect(
      writer.transaction(dataSource, async (manager, emit) => {
        const note = await manager.save(Note, { title: 'doomed' });
        emit(noteCreated, { noteId: note.id, title: note.title }, { actor: 'u-1' });
        throw new Error('the handler failed after emitting');
      }),
    ).rejects.toThrow('the handler failed after emitting');
    expect(await counts()).toEqual({ notes: 0, events: 0 });
  });

  it('rejects an event that breaks its contract, and stores neither it nor the entity change', async () => {
    const attempt = writer.transaction(dataSource, async (manager, emit) => {
      const note = await manager.save(Note, { title: 'fine' });
      emit(noteCreated, { noteId: note.id, title: '' }, { actor: 'u-1' });
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
    await expect(attempt).rejects.toThrow(/note\.created does not match its contract: title/);

    // Outside the helper too: nothing reaches the table.
    await expect(
      dataSource.transaction((manager) =>
        writer.emit(manager, noteCreated, { noteId: -1, title: 'x' }, { actor: 'u-1' }),
      ),
    ).rejects.toBeInstanceOf(InvalidEventError);
    // The envelope's own fields are checked as well.
    await expect(
      writer.emit(dataSource.manager, noteCreated, { noteId: 1, title: 'x' }, { actor: '' }),
    ).rejects.toThrow(/actor/);
    expect(await counts()).toEqual({ notes: 0, events: 0 });
  });

  it("refuses another service's event", () => {
    const foreign = { ...noteCreated, producer: 'messaging' as const };
    expect(() => writer.event(foreign, { noteId: 1, title: 'x' }, { actor: 'u-1' })).toThrow(
      /content cannot emit note\.created/,
    );
  });

  it('keeps emit order within a transaction and appends outside one in its own', async () => {
    const ids = await writer.transaction(dataSource, (_manager, emit) =>
      Promise.resolve(
        [1, 2, 3].map((n) => emit(noteCreated, { noteId: n, title: `n${n}` }, { actor: 'u-1' }).id),
      ),
    );
    const standalone = await writer.emit(
      dataSource.manager,
      noteCreated,
      { noteId: 4, title: 'n4' },
      { actor: 'u-1' },
    );
    const rows = await dataSource.getRepository(OutboxEntry).find({ order: { seq: 'ASC' } });
    expect(rows.map((row) => row.eventId)).toEqual([...ids, standalone.id]);
  });

  it('notifies the relay channel on commit only', async () => {
    const listener = new Client({ connectionString: url });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(message.channel));
    try {
      await listener.query(`LISTEN "${outboxChannel(SCHEMA)}"`);
      await expect(
        writer.transaction(dataSource, (_manager, emit) => {
          emit(noteCreated, { noteId: 1, title: 'a' }, { actor: 'u-1' });
          return Promise.reject(new Error('rolled back'));
        }),
      ).rejects.toThrow('rolled back');
      await writer.transaction(dataSource, (_manager, emit) => {
        emit(noteCreated, { noteId: 2, title: 'b' }, { actor: 'u-1' });
        emit(noteCreated, { noteId: 3, title: 'c' }, { actor: 'u-1' });
        return Promise.resolve();
      });
      await waitFor(() => received.length > 0, { timeoutMs: 2000, description: 'a notification' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toEqual(['outbox_content']);
    } finally {
      await listener.end();
    }
  });
});
