export * as searchRpc from './search.rpc';
export { searchHit, searchFacets, searchResult, type SearchHit, type SearchResult } from './search.rpc';
export * from './search-query';
export * from './snippet-markup';
