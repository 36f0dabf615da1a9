import { createZodDto } from 'nestjs-zod';

type MetadataFactory = (this: unknown) => unknown;

/**
 * The OpenAPI 3.0 spelling of nullable. zod ≥ 4.5 writes `z.string().nullable()` as `type: ['string', 'null']`,
 * which 3.0 has no words for and @nestjs/swagger reads as "an array of strings" (nestjs-zod#473).
 */
export function nullableAsOpenApi30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsOpenApi30);
  if (typeof schema !== 'object' || schema === null) return schema;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) converted[key] = nullableAsOpenApi30(value);
  const types = converted.type;
  if (Array.isArray(types) && types.includes('null')) {
    const others = types.filter((type) => type !== 'null');
    if (others.length === 1) converted.type = others[0];
    else if (others.length === 0) delete converted.type;
    else {
      delete converted.type;
      converted.anyOf = others.map((type: unknown) => ({ type }));
    }
    converted.nullable = true;
  }
  return converted;
}

function convertMetadataOf(dto: object): void {
  const factory = (dto as { _OPENAPI_METADATA_FACTORY?: MetadataFactory })._OPENAPI_METADATA_FACTORY;
  if (!factory) return;
  Object.defineProperty(dto, '_OPENAPI_METADATA_FACTORY', {
    configurable: true,
    value: function (this: unknown) {
      return nullableAsOpenApi30(factory.call(this));
    },
  });
}

/**
 * `createZodDto` whose OpenAPI metadata (the input DTO's and the `Output` DTO's) spells nullable fields the
 * 3.0 way, so the document, and the web app's types generated from it, say `string | null`, not `string[]`.
 */
export const createApiDto = ((...args: Parameters<typeof createZodDto>) => {
  const dto = createZodDto(...args);
  convertMetadataOf(dto);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the DTO class as `this`
  const output = Object.getOwnPropertyDescriptor(dto, 'Output')?.get;
  if (output) {
    Object.defineProperty(dto, 'Output', {
      configurable: true,
      get(this: unknown) {
        const outputDto = output.call(this) as object;
        convertMetadataOf(outputDto);
        return outputDto;
      },
    });
  }
  return dto;
}) as typeof createZodDto;
