import {
  interpolate,
  InterpolationSyntaxError,
  RequiredVariableError,
  variableReferences,
} from '../src/compose-interpolation';

describe('compose interpolation', () => {
  const env = { SET: 'value', EMPTY: '', OTHER: 'other' };

  it.each([
    ['${SET}', 'value'],
    ['$SET and more', 'value and more'],
    ['${UNSET}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${SET:-fallback}', 'value'],
    ['${SET:+replaced}', 'replaced'],
    ['${EMPTY:+replaced}', ''],
    ['${EMPTY+replaced}', 'replaced'],
    ['${UNSET+replaced}', ''],
    ['${UNSET:-${OTHER}}', 'other'],
    ['${UNSET:-a-${UNSET2:-b}-c}', 'a-b-c'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['REDISCLI_AUTH="$$REDIS_PASSWORD" redis-cli', 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli'],
    ['costs $ 5', 'costs $ 5'],
    ['postgres://u:${SET:?need it}@db:5432/x', 'postgres://u:value@db:5432/x'],
    ['${SET?need it}', 'value'],
    ['${EMPTY?need it}', ''],
  ])('%s → %s', (input, expected) => {
    expect(interpolate(input, env)).toBe(expected);
  });

  it('refuses a missing required variable with its message, like compose', () => {
    expect(() => interpolate('${UNSET:?set UNSET to a secret}', env)).toThrow(RequiredVariableError);
    expect(() => interpolate('${EMPTY:?set EMPTY}', env)).toThrow(
      'required variable EMPTY is missing a value: set EMPTY',
    );
    expect(() => interpolate('${UNSET?must be set}', env)).toThrow('must be set');
  });

  it('rejects malformed references', () => {
    expect(() => interpolate('${}', env)).toThrow(InterpolationSyntaxError);
    expect(() => interpolate('${SET', env)).toThrow(InterpolationSyntaxError);
    expect(() => interpolate('${SET!x}', env)).toThrow(InterpolationSyntaxError);
  });

  it('lists every reference with its operator, nested ones included, and not $$ escapes', () => {
    expect(variableReferences('$$NOT ${A:?m} $B ${C:-${D}} ${E-x}')).toEqual([
      { name: 'A', operator: ':?', argument: 'm' },
      { name: 'B', operator: '', argument: '' },
      { name: 'C', operator: ':-', argument: '${D}' },
      { name: 'D', operator: '', argument: '' },
      { name: 'E', operator: '-', argument: 'x' },
    ]);
  });
});
