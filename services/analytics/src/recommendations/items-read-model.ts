import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { type ItemType } from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { type DeletionEntry, ItemRepository, type ItemSnapshot, type SnapshotEntry } from './item.repository';

/** An item after a change, as the content events carry it. */
export interface ItemSnapshotView {
  id: string;
  title: string;
  tags: string[];
  domain?: string | null;
  done?: boolean;
  version: number;
}

/** One content event's effect on the read model, as {@link ItemsReadModel.applyChanges} takes it. */
export type ItemChange =
  | { kind: 'snapshot'; userId: string; type: ItemType; view: ItemSnapshotView; touchedAt: Date }
  | { kind: 'deletion'; userId: string; type: ItemType; id: string; version: number }
  | { kind: 'tag'; userId: string; from: string; into: string | null };

export type SnapshotChange = Omit<Extract<ItemChange, { kind: 'snapshot' }>, 'kind'>;

function storedSnapshot(view: ItemSnapshotView): ItemSnapshot {
  return {
    title: view.title,
    tags: [...new Set(view.tags)],
    domain: view.domain ?? null,
    done: view.done ?? false,
    version: view.version,
  };
}

/**
 * One entry per item, the highest version (the latest touch among equal ones): a statement upserts a row
 * once, and the lower versions would lose against it anyway.
 */
function latestPerItem<T extends { id: string; version: number }>(
  entries: readonly T[],
  later: (candidate: T, kept: T) => boolean,
): T[] {
  const kept = new Map<string, T>();
  for (const entry of entries) {
    const current = kept.get(entry.id);
    if (
      !current ||
      entry.version > current.version ||
      (entry.version === current.version && later(entry, current))
    ) {
      kept.set(entry.id, entry);
    }
  }
  return [...kept.values()];
}

/**
 * Each person's own items (titles, tags, domains) from content's snapshots, for recommendations. Versions
 * make it converge whatever the order or repetition of events. A change invalidates the person's cached
 * results: deletions, tag changes and file edits carry no activity, so ingest would not.
 */
@Injectable()
export class ItemsReadModel {
  constructor(
    private readonly items: ItemRepository,
    private readonly cache: ResultCache,
  ) {}

  /**
   * Many snapshots in one statement: a higher version wins, older ones are ignored. Returns the people whose items
   * changed; inside the caller's transaction (`manager`) their caches are the caller's to invalidate after
   * commit, otherwise they are invalidated here.
   */
  async applySnapshots(entries: readonly SnapshotChange[], manager?: EntityManager): Promise<Set<string>> {
    const rows: SnapshotEntry[] = entries.map((entry) => ({
      userId: entry.userId,
      type: entry.type,
      id: entry.view.id,
      snapshot: storedSnapshot(entry.view),
      touchedAt: entry.touchedAt,
    }));
    const latest = latestPerItem(
      rows.map((row) => ({ ...row, version: row.snapshot.version })),
      (candidate, kept) => candidate.touchedAt > kept.touchedAt,
    );
    const changed = await this.items.upsertSnapshots(latest, manager);
    if (!manager) await this.cache.invalidateUsers(changed);
    return changed;
  }

  /**
   * A batch of content events' changes in the caller's transaction, with the effect of applying them one by
   * one in order: snapshots and deletions converge by version whatever their order, so each run of them
   * between two tag changes (which carry no version) is one statement each. Returns the people whose items
   * changed; invalidating their caches after commit is the caller's.
   */
  async applyChanges(changes: readonly ItemChange[], manager: EntityManager): Promise<Set<string>> {
    const changed = new Set<string>();
    let snapshots: SnapshotChange[] = [];
    let deletions: DeletionEntry[] = [];
    const flushRun = async () => {
      for (const userId of await this.applySnapshots(snapshots, manager)) changed.add(userId);
      const latest = latestPerItem(deletions, () => false);
      for (const userId of await this.items.markManyDeleted(latest, manager)) changed.add(userId);
      snapshots = [];
      deletions = [];
    };
    for (const change of changes) {
      if (change.kind === 'snapshot') snapshots.push(change);
      else if (change.kind === 'deletion') deletions.push(change);
      else {
        await flushRun();
        if (await this.changeTag(change.userId, change.from, change.into, manager))
          changed.add(change.userId);
      }
    }
    await flushRun();
    return changed;
  }

  /** True when some item's tags changed. */
  private async changeTag(
    userId: string,
    from: string,
    into: string | null,
    manager?: EntityManager,
  ): Promise<boolean> {
    // Renaming a tag to itself changes nothing (and replaceTag would drop it as a duplicate).
    if (from === into) return false;
    const changed =
      into === null
        ? await this.items.removeTag(userId, from, manager)
        : await this.items.replaceTag(userId, from, into, manager);
    return changed > 0;
  }
}
