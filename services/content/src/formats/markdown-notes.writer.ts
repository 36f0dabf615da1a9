import { type CollectionView, type NoteView } from '@tracera/contracts';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { safeFileName, UniqueNames } from './safe-file-name';

/**
 * Writes notes as a zip of Markdown files, one per note, in folders named after their collection path.
 * Each file starts with YAML front matter (id, title, tags, pinned, collection, createdAt, updatedAt) so
 * tools like Obsidian or a static site generator keep the metadata. Chunks are yielded as each note is
 * compressed; only the zip's small central directory stays in memory.
 */
export async function* writeMarkdownNotesZip(
  pages: AsyncIterable<NoteView[]>,
  collections: CollectionView[],
): AsyncIterable<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else chunks.push(data);
  });
  const drain = function* () {
    if (failure !== null) throw failure;
    yield* chunks.splice(0, chunks.length);
  };

  const layout = new ArchiveLayout(collections);
  for await (const page of pages) {
    for (const note of page) {
      const file = new ZipDeflate(layout.fileFor(note), { level: 6 });
      file.mtime = new Date(note.updatedAt);
      zip.add(file);
      file.push(strToU8(markdownOf(note, layout.pathOf(note.collectionId))), true);
      yield* drain();
    }
  }
  zip.end();
  yield* drain();
}

/** The note as a Markdown document with its metadata as YAML front matter. */
export function markdownOf(note: NoteView, collectionPath: string[]): string {
  const frontMatter = [
    '---',
    `id: ${yamlString(note.id)}`,
    `title: ${yamlString(note.title)}`,
    `tags: [${note.tags.map(yamlString).join(', ')}]`,
    `pinned: ${note.pinned}`,
    `collection: [${collectionPath.map(yamlString).join(', ')}]`,
    `createdAt: ${yamlString(note.createdAt)}`,
    `updatedAt: ${yamlString(note.updatedAt)}`,
    '---',
    '',
  ].join('\n');
  return `${frontMatter}\n${note.body}${note.body.endsWith('\n') || note.body === '' ? '' : '\n'}`;
}

/**
 * A YAML double-quoted scalar. JSON's escapes are all valid there; YAML additionally treats NEL, LS and PS
 * as line breaks and forbids other C1 controls and BOMs unescaped, so those are escaped too.
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Where each note goes: a folder per collection (names made safe; siblings whose names clash on a
 * case-insensitive file system are kept apart with ` (2)`), and a unique file name inside it.
 */
class ArchiveLayout {
  private readonly names = new UniqueNames();
  private readonly byId: Map<string, CollectionView>;
  private readonly folders = new Map<string, string>();

  constructor(collections: CollectionView[]) {
    this.byId = new Map(collections.map((collection) => [collection.id, collection]));
    // Claim folder names in a stable order so an export names the same folders the same way each time.
    const ordered = [...collections].sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    for (const collection of ordered) this.folderOf(collection.id);
  }

  fileFor(note: NoteView): string {
    return this.names.claim(this.folderOf(note.collectionId), safeFileName(note.title, 'Untitled'), '.md');
  }

  /** The collection's names from the top down (empty for notes outside any collection). */
  pathOf(collectionId: string | null): string[] {
    return this.chainOf(collectionId).map((collection) => collection.name);
  }

  private folderOf(collectionId: string | null): string {
    let folder = '';
    for (const collection of this.chainOf(collectionId)) {
      let known = this.folders.get(collection.id);
      if (known === undefined) {
        known = `${this.names.claim(folder, safeFileName(collection.name, 'Collection'), '')}/`;
        this.folders.set(collection.id, known);
      }
      folder = known;
    }
    return folder;
  }

  private chainOf(collectionId: string | null): CollectionView[] {
    const chain: CollectionView[] = [];
    const seen = new Set<string>();
    // A parent cycle cannot exist in the database, but an export must never loop forever on one.
    for (let id = collectionId; id !== null && !seen.has(id);) {
      const collection = this.byId.get(id);
      if (collection === undefined) break;
      seen.add(id);
      chain.unshift(collection);
      id = collection.parentId;
    }
    return chain;
  }
}
