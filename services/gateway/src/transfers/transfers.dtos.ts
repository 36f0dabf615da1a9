import { contentRpc } from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';

export class CreateExportDto extends createApiDto(contentRpc.createExportBody) {}

// Answers.
export class JobDto extends createApiDto(contentRpc.getImport.response) {}
