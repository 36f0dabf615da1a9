import { searchResult, searchRpc } from '@tracera/contracts';
import { createZodDto } from 'nestjs-zod';

export class SearchQueryDto extends createZodDto(searchRpc.searchQueryParams) {}

export class SearchResultDto extends createZodDto(searchResult) {}
