import { Module } from '@nestjs/common';

/** The search-cache service's features: the search read model and the query caches. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class SearchCacheModule {}
