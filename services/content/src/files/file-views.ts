import { type FileView } from '@tracera/contracts';
import { type FileEntity } from './file.entity';

export function toFileView(file: FileEntity, tags: string[]): FileView {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    checksum: file.checksum,
    description: file.description,
    tags,
    collectionId: file.collectionId,
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
    version: file.version,
  };
}
