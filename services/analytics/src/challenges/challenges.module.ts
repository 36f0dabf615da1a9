import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { ChallengeLeaderboard } from './challenge-leaderboard';
import { ChallengeLeaderboardUseCase } from './challenge-leaderboard.use-case';
import { ChallengeProgress } from './challenge-progress';
import { ChallengeRepository } from './challenge.repository';
import { ChallengeRpcController } from './challenge.rpc-controller';
import { CreateChallengeUseCase } from './create-challenge.use-case';
import { GetChallengeUseCase } from './get-challenge.use-case';
import { InviteToChallengeUseCase } from './invite-to-challenge.use-case';
import { JoinChallengeUseCase } from './join-challenge.use-case';
import { LeaveChallengeUseCase } from './leave-challenge.use-case';
import { ListChallengesUseCase } from './list-challenges.use-case';

/** Challenges, their progress and leaderboards. Ingest and the rebuild drive {@link ChallengeProgress}. */
@Module({
  imports: [DirectoryModule],
  controllers: [ChallengeRpcController],
  providers: [
    ChallengeRepository,
    ChallengeLeaderboard,
    ChallengeProgress,
    CreateChallengeUseCase,
    ListChallengesUseCase,
    GetChallengeUseCase,
    JoinChallengeUseCase,
    LeaveChallengeUseCase,
    InviteToChallengeUseCase,
    ChallengeLeaderboardUseCase,
  ],
  exports: [ChallengeProgress],
})
export class ChallengesModule {}
