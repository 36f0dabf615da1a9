import { Module } from '@nestjs/common';

/** The messaging service's features: conversations, messages and notifications. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class MessagingModule {}
