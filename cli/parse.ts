/**
 * A small grammar for distribution expressions on the command line, parsed, never evaluated:
 *
 *   expr   := name '(' [arg (',' arg)*] ')'
 *   arg    := [ident '='] value
 *   value  := number | '[' [value (',' value)*] ']'
 *   number := JavaScript-style decimal literal, optionally signed, or Infinity / NaN (which the
 *             constructors then reject with a clear message)
 *
 * e.g. `normal(0, 1)`, `gamma(shape=2, rate=3)`, `categorical([0.2, 0.3, 0.5])`,
 * `mvNormal([0, 0], [[1, 0.5], [0.5, 2]])`.
 */

/** A parsed argument value: a number or a (nested) list of them. */
export type Value = number | Value[];

/** A parsed expression: the constructor name and its positional and named arguments. */
export interface Expr {
  name: string;
  args: Value[];
  named: Record<string, Value>;
}

/** Thrown for a syntax error, with the position in the input. */
export class ParseError extends Error {
  constructor(
    readonly input: string,
    readonly position: number,
    message: string,
  ) {
    super(`cannot parse ${JSON.stringify(input)} at position ${position}: ${message}`);
    this.name = 'ParseError';
  }
}

const NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Infinity|NaN)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses a distribution expression. @example parseExpr('normal(0, 1)') // { name: 'normal', args: [0, 1], named: {} } */
export function parseExpr(input: string): Expr {
  let pos = 0;
  const ws = (): void => {
    while (pos < input.length && /\s/.test(input[pos])) pos++;
  };
  const expect = (ch: string): void => {
    ws();
    if (input[pos] !== ch) throw new ParseError(input, pos, `expected '${ch}'${pos < input.length ? `, found '${input[pos]}'` : ', found the end'}`);
    pos++;
  };
  const value = (depth: number): Value => {
    ws();
    if (depth > 3) throw new ParseError(input, pos, 'lists nested too deeply');
    if (input[pos] === '[') {
      pos++;
      const items: Value[] = [];
      ws();
      if (input[pos] === ']') {
        pos++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (input[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return items;
      }
    }
    const m = NUMBER.exec(input.slice(pos));
    if (!m) throw new ParseError(input, pos, 'expected a number or a list [ ... ]');
    pos += m[0].length;
    return Number(m[0]);
  };

  ws();
  const nameMatch = IDENT.exec(input.slice(pos));
  if (!nameMatch) throw new ParseError(input, pos, 'expected a distribution name such as normal');
  const name = nameMatch[0];
  pos += name.length;
  expect('(');
  const args: Value[] = [];
  const named: Record<string, Value> = {};
  ws();
  if (input[pos] === ')') {
    pos++;
  } else {
    for (;;) {
      ws();
      const id = IDENT.exec(input.slice(pos));
      const save = pos;
      if (id && !/^(Infinity|NaN)$/.test(id[0])) {
        pos += id[0].length;
        ws();
        if (input[pos] === '=') {
          pos++;
          if (id[0] in named) throw new ParseError(input, save, `argument ${id[0]} given twice`);
          named[id[0]] = value(0);
        } else {
          throw new ParseError(input, save, `expected a number, a list, or name=value`);
        }
      } else {
        if (Object.keys(named).length > 0) throw new ParseError(input, pos, 'positional argument after a named one');
        args.push(value(0));
      }
      ws();
      if (input[pos] === ',') {
        pos++;
        continue;
      }
      expect(')');
      break;
    }
  }
  ws();
  if (pos !== input.length) throw new ParseError(input, pos, 'unexpected text after the closing parenthesis');
  return { name, args, named };
}
