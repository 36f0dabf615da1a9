import type { components, paths } from './gateway-api';

/** The API's named schemas (request bodies end in `Dto`/`Dto_Input`, answers in `Dto_Output`). */
export type Schemas = components['schemas'];

/** The JSON a GET of `Path` answers with on 200, e.g. `Answer<'/api/v1/bookmarks'>['items'][number]`. */
export type Answer<Path extends keyof paths> = paths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;
