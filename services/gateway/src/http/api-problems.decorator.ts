import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CATALOGUE, type ProblemKind } from './problem-catalogue';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** Documents the problems a route is known to answer with, each as problem+json (the schema is registered once). */
export const ApiProblems = (...kinds: ProblemKind[]) =>
  applyDecorators(
    ...kinds.map((kind) =>
      ApiResponse({
        status: PROBLEM_CATALOGUE[kind].status,
        description: `${PROBLEM_CATALOGUE[kind].title} (${kind})`,
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
        },
      }),
    ),
  );
