import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { SearchQueryDto, SearchResultDto } from './search.dtos';
import { SearchService } from './search.service';

@ApiTags('search')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get()
  @RateLimited('search')
  @ApiOperation({
    description:
      '`q` takes words, `"phrases"`, `-exclude`, `#tag`, `type:note`, `is:done`, `is:fav`, `is:unread` and ' +
      '`in:<collection>`. Results reflect a write within about a second.',
  })
  @ZodResponse({
    status: 200,
    type: SearchResultDto,
    description: 'Best matches first, with per-type facets',
  })
  search(@CurrentPrincipal() principal: Principal, @Query() query: SearchQueryDto) {
    return this.searches.search(principal.userId, query);
  }
}
