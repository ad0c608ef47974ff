#!/usr/bin/env node
/**
 * `infogeo`: the command line. `infogeo help` lists the commands. Library errors (bad
 * parameters) and usage errors print one message and exit with status 2.
 */
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InfogeoError } from '../src/index.js';
import { ParseError } from './parse.js';
import { signatures, UsageError } from './registry.js';
import { distanceCommand, divergencesCommand, fisherCommand, geodesicCommand, infoCommand, klCommand, type Io } from './commands.js';
import { tour } from './tour.js';
import { optimizeCommand } from './optimize.js';
import { trainCommand } from './train.js';
import { GEOMETRY_HELP, runGeometryCommand } from './geometry.js';

const HELP = `infogeo: information geometry on the command line

Usage:
  infogeo tour                          a guided tour of the library (what npm start runs)
  infogeo kl P Q [--json]               KL(P || Q)
  infogeo fisher P [--coords C] [--json]
                                        Fisher information; C = source (default) | natural | expectation
  infogeo divergences P Q [--json]      a table of every divergence between P and Q
  infogeo info P [--json]               natural and expectation parameters, moments, entropy
  infogeo distance P Q [--json]         Fisher-Rao distance (closed form or geodesic boundary-value solve)
  infogeo geodesic P Q [--steps N] [--json]
                                        points along the Fisher-Rao geodesic from P to Q
  infogeo optimize [--problem P] [--coords C,..] [--optimizers O,..] [--steps N] [--lr X] [--out plot.svg] [--json]
                                        optimisers x parameterisations ('infogeo optimize --help')
${GEOMETRY_HELP}
  infogeo train --model autoencoder|classifier --optimizer kfac,shampoo,adam --steps N
                                        train on MNIST side by side ('infogeo train --help')
  infogeo help                          this text

Distributions are written as expressions, parsed (never evaluated):
  ${signatures().join('\n  ')}
  e.g. 'normal(0, 1)', 'gamma(shape=2, rate=3)', 'categorical([0.2, 0.3, 0.5])',
       'mvNormal([0, 0], [[1, 0.5], [0.5, 2]])'
`;

/** Runs the command line with the given arguments; returns the exit status. */
export function run(argv: string[], io: Io = { out: (s) => console.log(s), err: (s) => console.error(s) }): number {
  // Subcommands with their own flags parse them themselves.
  if (argv[0] === 'optimize') return optimizeCommand(argv.slice(1), io);
  if (argv[0] === 'project' || argv[0] === 'em') return runGeometryCommand(argv[0], argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        coords: { type: 'string', default: 'source' },
        steps: { type: 'string', default: '10' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`infogeo: ${(e as Error).message}\n(run 'infogeo help' for usage)`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command = 'help', ...rest] = positionals;
  const json = values.json ?? false;
  try {
    if (values.help || command === 'help') {
      io.out(HELP);
      return 0;
    }
    switch (command) {
      case 'tour':
        tour(io);
        return 0;
      case 'kl':
        klCommand(rest, json, io);
        return 0;
      case 'fisher':
        fisherCommand(rest, values.coords ?? 'source', json, io);
        return 0;
      case 'divergences':
        divergencesCommand(rest, json, io);
        return 0;
      case 'distance':
        distanceCommand(rest, json, io);
        return 0;
      case 'geodesic':
        geodesicCommand(rest, Number(values.steps), json, io);
        return 0;
      case 'info':
        infoCommand(rest, json, io);
        return 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof InfogeoError || e instanceof ParseError) {
      io.err(`infogeo: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`infogeo: ${e.message}\n(run 'infogeo help' for usage)`);
      return 2;
    }
    throw e;
  }
}

function isMain(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Like `run`, but also dispatches the asynchronous `train` command. */
export async function runAsync(argv: string[], io?: Io): Promise<number> {
  const sink = io ?? { out: (s: string) => console.log(s), err: (s: string) => console.error(s) };
  if (argv[0] === 'train') return trainCommand(argv.slice(1), sink);
  return run(argv, sink);
}

if (isMain()) {
  runAsync(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
