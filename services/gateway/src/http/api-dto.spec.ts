import { nullableAsOpenApi30 } from './api-dto';

describe('nullableAsOpenApi30', () => {
  it('turns a type array with null into the 3.0 nullable form, at any depth', () => {
    expect(
      nullableAsOpenApi30({
        type: 'object',
        properties: {
          cursor: { type: ['string', 'null'] },
          items: {
            type: 'array',
            items: { type: 'object', properties: { at: { type: ['number', 'null'] } } },
          },
        },
        required: ['cursor', 'items'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        cursor: { type: 'string', nullable: true },
        items: {
          type: 'array',
          items: { type: 'object', properties: { at: { type: 'number', nullable: true } } },
        },
      },
      required: ['cursor', 'items'],
    });
  });

  it('keeps real arrays, enums and lazy type functions as they are', () => {
    const lazy = () => String;
    expect(
      nullableAsOpenApi30({
        tags: { type: 'array', items: { type: 'string' } },
        kind: { enum: ['a', 'b'] },
        lazy,
      }),
    ).toEqual({ tags: { type: 'array', items: { type: 'string' } }, kind: { enum: ['a', 'b'] }, lazy });
  });

  it('spells a bare null as nullable with no type, never an empty anyOf', () => {
    expect(nullableAsOpenApi30({ type: ['null'] })).toEqual({ nullable: true });
  });

  it('spells a nullable union of several types as anyOf', () => {
    expect(nullableAsOpenApi30({ type: ['string', 'number', 'null'] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
      nullable: true,
    });
  });
});
