import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsPusher } from './live-events-pusher';

/**
 * Pushes messaging and session events from the streams to Socket.IO rooms (one replica at a time, in
 * order: see the gateway's service definition).
 */
@Module({ imports: [RealtimeModule], controllers: [LiveEventsController], providers: [LiveEventsPusher] })
export class LiveEventsModule {}
