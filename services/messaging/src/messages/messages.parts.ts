import { type Provider, type Type } from '@nestjs/common';
import { type EntityClass } from '@tracera/db';
import { type MigrationInterface } from 'typeorm';
import { AttachmentChecker } from '../attachments/attachment-checker';
import { MessageSearchRepository } from '../message-search/message-search.repository';
import { MessageSearchRpcController } from '../message-search/message-search.rpc-controller';
import { SearchMessagesUseCase } from '../message-search/search-messages.use-case';
import { AddReactionUseCase } from '../reactions/add-reaction.use-case';
import { ChangeReaction } from '../reactions/change-reaction';
import { ReactionRepository } from '../reactions/reaction.repository';
import { ReactionRpcController } from '../reactions/reaction.rpc-controller';
import { RemoveReactionUseCase } from '../reactions/remove-reaction.use-case';
import { ConversationWrite } from './conversation-write';
import { DeleteMessageUseCase } from './delete-message.use-case';
import { EditMessageUseCase } from './edit-message.use-case';
import { ListMessagesUseCase } from './list-messages.use-case';
import { MessageEntity } from './message.entity';
import { MessageRepository } from './message.repository';
import { MessageRpcController } from './message.rpc-controller';
import { CreateMessages1795720000001 } from './migrations/1795720000001-create-messages';
import { SendMessageUseCase } from './send-message.use-case';

/**
 * Messages, reactions, attachments and message search: what MessagingModule mounts and what the messaging
 * database registers (entities and the messages migration). Needs from the core: ConversationLog,
 * MemberRepository, ConversationSummaries and NotificationWriter.
 */
export const messagesParts: {
  controllers: Type<unknown>[];
  providers: Provider[];
  entities: EntityClass[];
  migrations: Type<MigrationInterface>[];
} = {
  controllers: [MessageRpcController, ReactionRpcController, MessageSearchRpcController],
  providers: [
    ConversationWrite,
    MessageRepository,
    ReactionRepository,
    AttachmentChecker,
    SendMessageUseCase,
    ListMessagesUseCase,
    EditMessageUseCase,
    DeleteMessageUseCase,
    ChangeReaction,
    AddReactionUseCase,
    RemoveReactionUseCase,
    MessageSearchRepository,
    SearchMessagesUseCase,
  ],
  entities: [MessageEntity],
  migrations: [CreateMessages1795720000001],
};
