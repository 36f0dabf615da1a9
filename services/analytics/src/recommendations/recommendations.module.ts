import { Module } from '@nestjs/common';
import { ItemRepository } from './item.repository';
import { ItemsReadModel } from './items-read-model';
import { RecommendItemsUseCase } from './recommend-items.use-case';
import { RecommendationsRpcController } from './recommendations.rpc-controller';

/** Related items from the person's own library. */
@Module({
  controllers: [RecommendationsRpcController],
  providers: [ItemRepository, ItemsReadModel, RecommendItemsUseCase],
  exports: [ItemsReadModel],
})
export class RecommendationsModule {}
