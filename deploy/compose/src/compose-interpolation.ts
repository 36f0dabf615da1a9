/**
 * Docker Compose variable interpolation, as `docker compose` applies it to every string value of a file:
 * `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}` (default when unset or empty / when unset),
 * `${VAR:?message}` / `${VAR?message}` (error when unset or empty / when unset),
 * `${VAR:+other}` / `${VAR+other}` (other when set and non-empty / when set) and `$$` for a literal `$`.
 * Defaults and messages may themselves hold interpolations, as in compose.
 */

export type InterpolationOperator = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface VariableReference {
  name: string;
  operator: InterpolationOperator;
  /** The default, message or replacement after the operator (uninterpolated). */
  argument: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A `${VAR:?message}` / `${VAR?message}` whose variable is missing: compose refuses the file. */
export class RequiredVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`required variable ${variable} is missing a value: ${reason}`);
  }
}

export class InterpolationSyntaxError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS: readonly InterpolationOperator[] = [':-', ':?', ':+', '-', '?', '+'];

type Piece = { kind: 'text'; text: string } | { kind: 'variable'; reference: VariableReference };

/** Splits a value into literal text and variable references (`$$` becomes text `$`). */
function tokenize(value: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let index = 0;
  const flushText = () => {
    if (text) pieces.push({ kind: 'text', text });
    text = '';
  };
  while (index < value.length) {
    const char = value[index];
    if (char !== '$') {
      text += char;
      index += 1;
      continue;
    }
    const next = value[index + 1];
    if (next === '$') {
      text += '$';
      index += 2;
    } else if (next === '{') {
      const end = closingBrace(value, index + 2);
      flushText();
      pieces.push({ kind: 'variable', reference: parseBraced(value.slice(index + 2, end), value) });
      index = end + 1;
    } else {
      const name = NAME.exec(value.slice(index + 1))?.[0];
      if (!name) {
        // A lone `$` (e.g. at the end, or before a space) stays as it is, as compose keeps it.
        text += '$';
        index += 1;
        continue;
      }
      flushText();
      pieces.push({ kind: 'variable', reference: { name, operator: '', argument: '' } });
      index += 1 + name.length;
    }
  }
  flushText();
  return pieces;
}

/** Index of the `}` closing a `${` whose body starts at `start`, skipping nested `${…}`. */
function closingBrace(value: string, start: number): number {
  let depth = 1;
  for (let index = start; index < value.length; index++) {
    if (value[index] === '$' && value[index + 1] === '$') {
      index += 1;
    } else if (value[index] === '$' && value[index + 1] === '{') {
      depth += 1;
      index += 1;
    } else if (value[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  throw new InterpolationSyntaxError(`unclosed "\${" in "${value}"`);
}

function parseBraced(body: string, whole: string): VariableReference {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new InterpolationSyntaxError(`invalid interpolation format for "${whole}"`);
  const rest = body.slice(name.length);
  if (rest === '') return { name, operator: '', argument: '' };
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (!operator) throw new InterpolationSyntaxError(`invalid interpolation format for "${whole}"`);
  return { name, operator, argument: rest.slice(operator.length) };
}

function resolve(reference: VariableReference, env: Environment): string {
  const value = env[reference.name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  const argument = () => interpolate(reference.argument, env);
  switch (reference.operator) {
    case '':
      return value ?? '';
    case ':-':
      return isNonEmpty ? value : argument();
    case '-':
      return isSet ? value : argument();
    case ':?':
      if (!isNonEmpty) throw new RequiredVariableError(reference.name, argument());
      return value;
    case '?':
      if (!isSet) throw new RequiredVariableError(reference.name, argument());
      return value;
    case ':+':
      return isNonEmpty ? argument() : '';
    case '+':
      return isSet ? argument() : '';
  }
}

/** The value with every reference replaced from `env`; throws {@link RequiredVariableError} like compose. */
export function interpolate(value: string, env: Environment): string {
  return tokenize(value)
    .map((piece) => (piece.kind === 'text' ? piece.text : resolve(piece.reference, env)))
    .join('');
}

/** Every variable reference in the value, those nested in defaults and messages included. */
export function variableReferences(value: string): VariableReference[] {
  return tokenize(value).flatMap((piece) =>
    piece.kind === 'text' ? [] : [piece.reference, ...variableReferences(piece.reference.argument)],
  );
}
