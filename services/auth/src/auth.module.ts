import { Module } from '@nestjs/common';

/** The auth service's features: users, password hashes, API tokens and sessions. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class AuthModule {}
