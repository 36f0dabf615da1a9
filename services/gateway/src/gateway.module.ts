import { Module } from '@nestjs/common';

/** The gateway service's features: the public REST API and Socket.IO endpoint. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class GatewayModule {}
