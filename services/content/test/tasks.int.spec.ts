import { contentRpc } from '@tracera/contracts';
import { ContentTestBed, fieldsOf, newUserId } from './content-test-harness';

describe('content service: tasks', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_tasks');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('defaults a task to todo and medium, with no completion', async () => {
    const { task } = await bed.call(contentRpc.createTask, { userId: newUserId(), title: 'Write' });
    expect(task).toMatchObject({
      status: 'todo',
      priority: 'medium',
      description: '',
      dueAt: null,
      parentId: null,
      completedAt: null,
      version: 1,
    });
  });

  it('stamps completedAt when done, emits task.updated then task.completed, and clears it on reopening', async () => {
    const userId = newUserId();
    const { task } = await bed.call(contentRpc.createTask, { userId, title: 'Finish' });
    const { task: done } = await bed.call(contentRpc.updateTask, { userId, id: task.id, status: 'done' });
    expect(done.status).toBe('done');
    expect(done.completedAt).not.toBeNull();
    expect(done.version).toBe(2);
    const { task: reopened } = await bed.call(contentRpc.updateTask, {
      userId,
      id: task.id,
      status: 'in_progress',
    });
    expect(reopened).toMatchObject({ status: 'in_progress', completedAt: null, version: 3 });
    const events = await bed.outbox(userId);
    expect(events.map((event) => event.type)).toEqual([
      'task.created',
      'task.updated',
      'task.completed',
      'task.updated',
    ]);
    expect(events[1].data).toEqual({ userId, task: done, changed: ['status', 'completedAt'] });
    expect(events[2].data).toEqual({ userId, task: done });
    expect(events[3].data).toMatchObject({ changed: ['status', 'completedAt'] });
  });

  it('a task created done is completed at once and emits task.completed after task.created', async () => {
    const userId = newUserId();
    const { task } = await bed.call(contentRpc.createTask, { userId, title: 'Already', status: 'done' });
    expect(task.completedAt).not.toBeNull();
    expect(await bed.outboxTypes(userId)).toEqual(['task.created', 'task.completed']);
    // Setting done again is no change at all.
    const again = await bed.call(contentRpc.updateTask, { userId, id: task.id, status: 'done' });
    expect(again.task.version).toBe(1);
  });

  it('keeps subtasks one level deep and only under the user own tasks', async () => {
    const userId = newUserId();
    const { task: parent } = await bed.call(contentRpc.createTask, { userId, title: 'Parent' });
    const { task: child } = await bed.call(contentRpc.createTask, {
      userId,
      title: 'Child',
      parentId: parent.id,
    });
    expect(child.parentId).toBe(parent.id);

    const nested = await bed.failure(contentRpc.createTask, {
      userId,
      title: 'Grandchild',
      parentId: child.id,
    });
    expect(nested.code).toBe('VALIDATION');
    expect(fieldsOf(nested)).toEqual(['parentId']);

    const { task: foreign } = await bed.call(contentRpc.createTask, { userId: newUserId(), title: 'Theirs' });
    const notMine = await bed.failure(contentRpc.createTask, { userId, title: 'x', parentId: foreign.id });
    expect(fieldsOf(notMine)).toEqual(['parentId']);

    const parentUnderOther = await bed.call(contentRpc.createTask, { userId, title: 'Other' });
    const withChildren = await bed.failure(contentRpc.updateTask, {
      userId,
      id: parent.id,
      parentId: parentUnderOther.task.id,
    });
    expect(fieldsOf(withChildren)).toEqual(['parentId']);
    const self = await bed.failure(contentRpc.updateTask, { userId, id: parent.id, parentId: parent.id });
    expect(fieldsOf(self)).toEqual(['parentId']);
  });

  it('deletes a task with its subtasks, one task.deleted each', async () => {
    const userId = newUserId();
    const { task: parent } = await bed.call(contentRpc.createTask, { userId, title: 'Parent' });
    const first = await bed.call(contentRpc.createTask, { userId, title: 'a', parentId: parent.id });
    const second = await bed.call(contentRpc.createTask, {
      userId,
      title: 'b',
      parentId: parent.id,
      tags: ['t'],
    });
    await bed.call(contentRpc.updateTask, { userId, id: second.task.id, title: 'b2' });
    await bed.call(contentRpc.deleteTask, { userId, id: parent.id, expectedVersion: 1 });
    const deleted = (await bed.outbox(userId)).filter((event) => event.type === 'task.deleted');
    expect(deleted.map((event) => event.data)).toEqual([
      { userId, id: first.task.id, version: 1 },
      { userId, id: second.task.id, version: 2 },
      { userId, id: parent.id, version: 1 },
    ]);
    expect((await bed.call(contentRpc.listTasks, { userId })).items).toEqual([]);
    expect((await bed.call(contentRpc.listTags, { userId })).items).toMatchObject([
      { name: 't', itemCount: 0 },
    ]);
  });

  describe('lists', () => {
    const userId = newUserId();

    beforeAll(async () => {
      const { task: parent } = await bed.call(contentRpc.createTask, {
        userId,
        title: 'Alpha',
        priority: 'low',
        dueAt: '2030-01-03T00:00:00.000Z',
      });
      await bed.call(contentRpc.createTask, { userId, title: 'Bravo', priority: 'urgent', status: 'done' });
      await bed.call(contentRpc.createTask, {
        userId,
        title: 'Charlie',
        priority: 'high',
        dueAt: '2030-01-01T00:00:00.000Z',
        tags: ['home'],
      });
      await bed.call(contentRpc.createTask, {
        userId,
        title: 'Delta',
        parentId: parent.id,
        dueAt: '2030-01-02T00:00:00.000Z',
      });
    });

    async function titles(request: Record<string, unknown>, limit = 2): Promise<string[]> {
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bed.call(contentRpc.listTasks, { userId, limit, ...request, cursor });
        found.push(...page.items.map((item) => item.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return found;
    }

    it('sorts by due date with undated tasks last in both directions', async () => {
      expect(await titles({ sort: 'dueAt' })).toEqual(['Charlie', 'Delta', 'Alpha', 'Bravo']);
      expect(await titles({ sort: '-dueAt' })).toEqual(['Alpha', 'Delta', 'Charlie', 'Bravo']);
    });

    it('sorts by urgency, not alphabetically', async () => {
      expect(await titles({ sort: '-priority' })).toEqual(['Bravo', 'Charlie', 'Delta', 'Alpha']);
      expect(await titles({ sort: 'priority' }, 3)).toEqual(['Alpha', 'Delta', 'Charlie', 'Bravo']);
    });

    it('filters by status, priority, parent, due window and tag', async () => {
      expect(await titles({ status: ['done'] })).toEqual(['Bravo']);
      expect(await titles({ status: ['todo', 'in_progress'], sort: 'title' })).toEqual([
        'Alpha',
        'Charlie',
        'Delta',
      ]);
      expect(await titles({ priority: 'high' })).toEqual(['Charlie']);
      expect(await titles({ parentId: 'none', sort: 'title' })).toEqual(['Alpha', 'Bravo', 'Charlie']);
      const alpha = (await bed.call(contentRpc.listTasks, { userId, sort: 'title', limit: 1 })).items[0];
      expect(await titles({ parentId: alpha.id })).toEqual(['Delta']);
      expect(
        await titles({
          dueAfter: '2030-01-01T12:00:00.000Z',
          dueBefore: '2030-01-05T00:00:00.000Z',
          sort: 'dueAt',
        }),
      ).toEqual(['Delta', 'Alpha']);
      expect(await titles({ tag: 'Home' })).toEqual(['Charlie']);
    });
  });
});
