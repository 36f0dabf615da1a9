import { searchResult, searchRpc } from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';

export class SearchQueryDto extends createApiDto(searchRpc.searchQueryParams) {}

export class SearchResultDto extends createApiDto(searchResult) {}
