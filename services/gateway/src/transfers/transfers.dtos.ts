import { contentRpc } from '@tracera/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateExportDto extends createZodDto(contentRpc.createExportBody) {}

// Answers.
export class JobDto extends createZodDto(contentRpc.getImport.response) {}
