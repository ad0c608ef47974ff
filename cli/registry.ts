/**
 * The distributions the command line can build: name -> parameter names and constructor.
 * Arguments are passed through unchanged; the library's constructors validate them.
 */
import * as lib from '../src/index.js';
import type { Distribution } from '../src/index.js';
import type { Expr, Value } from './parse.js';

type Ctor = (...args: never[]) => Distribution<unknown>;

interface Entry {
  params: readonly string[];
  make: Ctor;
}

const entries: Record<string, Entry> = {
  normal: { params: ['mu', 'sigma'], make: lib.normal as Ctor },
  mvNormal: { params: ['mean', 'cov'], make: lib.mvNormal as Ctor },
  diagNormal: { params: ['mean', 'sigmas'], make: lib.diagNormal as Ctor },
  bernoulli: { params: ['p'], make: lib.bernoulli as Ctor },
  categorical: { params: ['probs'], make: lib.categorical as Ctor },
  binomial: { params: ['n', 'p'], make: lib.binomial as Ctor },
  multinomial: { params: ['n', 'probs'], make: lib.multinomial as Ctor },
  poisson: { params: ['rate'], make: lib.poisson as Ctor },
  exponential: { params: ['rate'], make: lib.exponential as Ctor },
  geometric: { params: ['p'], make: lib.geometric as Ctor },
  negativeBinomial: { params: ['r', 'p'], make: lib.negativeBinomial as Ctor },
  gamma: { params: ['shape', 'rate'], make: lib.gamma as Ctor },
  beta: { params: ['a', 'b'], make: lib.beta as Ctor },
  dirichlet: { params: ['alpha'], make: lib.dirichlet as Ctor },
  lognormal: { params: ['mu', 'sigma'], make: lib.lognormal as Ctor },
  rayleigh: { params: ['sigma'], make: lib.rayleigh as Ctor },
  laplace: { params: ['mu', 'b'], make: lib.laplace as Ctor },
  vonMises: { params: ['mu', 'kappa'], make: lib.vonMises as Ctor },
  inverseGaussian: { params: ['mu', 'lambda'], make: lib.inverseGaussian as Ctor },
};

/** The names the grammar accepts, with their parameters, for help text. */
export function signatures(): string[] {
  return Object.entries(entries).map(([name, e]) => `${name}(${e.params.join(', ')})`);
}

/** A usage error on the command line (not a domain error of the library). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Builds the distribution an expression names, passing its arguments to the constructor. */
export function build(expr: Expr): Distribution<unknown> {
  const entry = Object.prototype.hasOwnProperty.call(entries, expr.name) ? entries[expr.name] : undefined;
  if (!entry) {
    throw new UsageError(`unknown distribution '${expr.name}'; known: ${Object.keys(entries).join(', ')}`);
  }
  const values: (Value | undefined)[] = entry.params.map(() => undefined);
  if (expr.args.length > entry.params.length) {
    throw new UsageError(`${expr.name} takes ${entry.params.length} argument(s) (${entry.params.join(', ')}), got ${expr.args.length}`);
  }
  expr.args.forEach((v, i) => (values[i] = v));
  for (const [k, v] of Object.entries(expr.named)) {
    const i = entry.params.indexOf(k);
    if (i < 0) throw new UsageError(`${expr.name} has no parameter '${k}'; its parameters are ${entry.params.join(', ')}`);
    if (values[i] !== undefined) throw new UsageError(`${expr.name}: parameter '${k}' given twice`);
    values[i] = v;
  }
  const missing = entry.params.filter((_, i) => values[i] === undefined);
  if (missing.length > 0) throw new UsageError(`${expr.name}: missing ${missing.join(', ')} (usage: ${expr.name}(${entry.params.join(', ')}))`);
  return (entry.make as (...a: unknown[]) => Distribution<unknown>)(...values);
}
