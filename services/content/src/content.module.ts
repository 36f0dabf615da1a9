import { Module } from '@nestjs/common';

/** The content service's features: bookmarks, notes, tasks, files, tags and collections. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class ContentModule {}
