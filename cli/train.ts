/**
 * `infogeo train`: trains a network on the MNIST digits with several optimisers in turn (same
 * seed, same batches), with a progress bar, then prints a summary table and writes the loss
 * curves as SVG and every number as JSON. Parsing, progress and rendering only: the training is
 * the library's `train` with the shared optimiser recipes.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { InfogeoError } from '../src/errors.js';
import { initBackend, tf } from '../src/nn/backend.js';
import { autoencoder, mlpClassifier, type Model } from '../src/nn/models.js';
import { loadMnist, mnistAutoencoderData, mnistClassifierData, type Dataset } from '../src/nn/data/mnist.js';
import { train, type TrainResult } from '../src/nn/train/loop.js';
import { OPTIMIZER_NAMES, optimizerRecipe } from '../src/nn/recipes.js';
import { UsageError } from './registry.js';
import { fmt, table, type Io } from './commands.js';
import { DASHES, OKABE_ITO, svgLinePlot, type LineSeries } from './svg.js';

/** The text of `infogeo train --help`. */
export const TRAIN_HELP = `infogeo train: train a network on MNIST with several optimisers, side by side

Usage:
  infogeo train [--model M] [--size S] [--optimizer O1,O2,...] [--steps N] [--batch B]
                [--examples N] [--eval-every N] [--seed N] [--out DIR]
                [--checkpoint-every N] [--resume] [--no-progress] [--json]

  --model             autoencoder (default; 784-1000-500-250-30 and mirrored, logistic units,
                      Bernoulli loss) or classifier (784-256-128-10 tanh, softmax loss)
  --size              full (default) or small (7 x 7 pooled digits; 49-32-16-8 autoencoder,
                      49-32-10 classifier: seconds instead of minutes)
  --optimizer         comma-separated, from ${OPTIMIZER_NAMES.join(', ')} (default kfac,shampoo,adam)
  --steps             training steps per optimiser (default 200)
  --batch             minibatch size (default 1000; small: 100)
  --examples          MNIST images used, 1..10000 (default 10000; small: 2000)
  --eval-every        evaluate the loss on 2000 training images every N steps (default 10)
  --seed              seed of the initialisation, the batches and the sampling (default 1)
  --out               directory for loss.svg, loss-time.svg, runs.json and the checkpoints
                      (default out/train-<model>)
  --checkpoint-every  write <out>/<optimizer>.ckpt.json every N steps (default 50; 0 = never)
  --resume            continue each optimiser from its checkpoint if there is one
  --no-progress       no progress bar
  --json              print the summary as JSON instead of a table
`;

interface RunSummary {
  optimizer: string;
  steps: number;
  finalLoss: number;
  bestLoss: number;
  msPerStep: number;
  seconds: number;
  recoveries: number;
  resumedFrom: number | null;
  evalStep: number[];
  evalLoss: number[];
  evalSeconds: number[];
  batchLoss: number[];
  notes: string[];
}

function positiveInt(name: string, v: string | undefined, dflt: number, min = 1, max = 1e9): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got '${v}'`);
  return n;
}

function setup(modelName: string, size: string, examples: number, seed: number): { model: Model; data: Dataset } {
  const small = size === 'small';
  const m = loadMnist({ count: examples, seed, pool: small ? 4 : 1 });
  if (modelName === 'autoencoder') {
    return { model: autoencoder(small ? { sizes: [49, 32, 16, 8] } : {}), data: mnistAutoencoderData(m) };
  }
  return { model: mlpClassifier(small ? { input: 49, hidden: [32] } : {}), data: mnistClassifierData(m) };
}

/** Runs `infogeo train`; resolves to the exit status. */
export async function trainCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        model: { type: 'string', default: 'autoencoder' },
        size: { type: 'string', default: 'full' },
        optimizer: { type: 'string', default: 'kfac,shampoo,adam' },
        steps: { type: 'string' },
        batch: { type: 'string' },
        examples: { type: 'string' },
        'eval-every': { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'checkpoint-every': { type: 'string' },
        resume: { type: 'boolean', default: false },
        'no-progress': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`infogeo train: ${(e as Error).message}\n(run 'infogeo train --help' for usage)`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(TRAIN_HELP);
    return 0;
  }
  try {
    const modelName = v.model!;
    if (modelName !== 'autoencoder' && modelName !== 'classifier') throw new UsageError(`--model must be autoencoder or classifier, got '${modelName}'`);
    const size = v.size!;
    if (size !== 'full' && size !== 'small') throw new UsageError(`--size must be full or small, got '${size}'`);
    const optimizers = v.optimizer!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (optimizers.length === 0) throw new UsageError('--optimizer needs at least one name');
    for (const o of optimizers) {
      if (!(OPTIMIZER_NAMES as readonly string[]).includes(o)) throw new UsageError(`unknown optimizer '${o}' (choose from ${OPTIMIZER_NAMES.join(', ')})`);
    }
    const small = size === 'small';
    const steps = positiveInt('steps', v.steps, 200, 1, 1e6);
    const examples = positiveInt('examples', v.examples, small ? 2000 : 10000, 1, 10000);
    const batch = positiveInt('batch', v.batch, Math.min(examples, small ? 100 : 1000), 1, examples);
    const evalEvery = positiveInt('eval-every', v['eval-every'], 10, 1);
    const seed = positiveInt('seed', v.seed, 1, 0, 2 ** 31);
    const ckEvery = positiveInt('checkpoint-every', v['checkpoint-every'], 50, 0);
    const out = v.out ?? join('out', `train-${modelName}${small ? '-small' : ''}`);
    mkdirSync(out, { recursive: true });

    await initBackend();
    const { model, data } = setup(modelName, size, examples, seed);
    const showBar = !v['no-progress'] && !v.json;
    io.err(`${model.name}: ${model.net.size} parameters; ${data.count} MNIST images, batch ${batch}, ${steps} steps per optimiser`);

    const runs: RunSummary[] = [];
    for (const name of optimizers) {
      const notes: string[] = [];
      const bar = showBar
        ? new cliProgress.SingleBar({ format: `${name.padEnd(8)} [{bar}] {value}/{total} steps | loss {loss} | {ms} ms/step`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
        : null;
      let result: TrainResult;
      try {
        bar?.start(steps, 0, { loss: '-', ms: '-' });
        result = train({
          model,
          data,
          transform: optimizerRecipe(name, model, { batchSize: batch, seed }),
          steps,
          batchSize: batch,
          seed,
          evalEvery,
          evalSize: Math.min(2000, data.count),
          checkpoint: ckEvery > 0 ? { path: join(out, `${name}.ckpt.json`), every: ckEvery, resume: v.resume } : undefined,
          log: (m) => notes.push(m),
          onStep: (s) => bar?.update(s.step, { loss: s.loss.toFixed(3), ms: (s.elapsedMs / s.step).toFixed(0) }),
        });
      } finally {
        bar?.stop();
      }
      const h = result.history;
      runs.push({
        optimizer: name,
        steps: result.steps,
        finalLoss: h.evalLoss[h.evalLoss.length - 1],
        bestLoss: Math.min(...h.evalLoss),
        msPerStep: result.elapsedMs / Math.max(1, result.steps),
        seconds: result.elapsedMs / 1000,
        recoveries: result.recoveries,
        resumedFrom: result.resumedFrom,
        evalStep: h.evalStep,
        evalLoss: h.evalLoss,
        evalSeconds: h.evalTimeMs.map((t) => t / 1000),
        batchLoss: h.loss,
        notes,
      });
      result.dispose();
      for (const n of notes) io.err(`  ${name}: ${n}`);
    }

    const series = (x: (r: RunSummary) => number[]): LineSeries[] =>
      runs.map((r, i) => ({ label: r.optimizer, color: OKABE_ITO[i % OKABE_ITO.length], dash: DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length], points: x(r).map((t, k) => [t, r.evalLoss[k]] as const) }));
    const what = modelName === 'autoencoder' ? 'reconstruction cross-entropy' : 'cross-entropy';
    writeFileSync(join(out, 'loss.svg'), svgLinePlot({ title: `${model.name}: training loss (${what})`, xLabel: 'step', yLabel: 'loss', series: series((r) => r.evalStep) }));
    writeFileSync(join(out, 'loss-time.svg'), svgLinePlot({ title: `${model.name}: training loss against wall time`, xLabel: 'seconds', yLabel: 'loss', series: series((r) => r.evalSeconds) }));
    const adam = runs.find((r) => r.optimizer === 'adam');
    const summary = { model: model.name, parameters: model.net.size, examples: data.count, batch, steps, seed, backend: tf.getBackend(), runs };
    writeFileSync(join(out, 'runs.json'), JSON.stringify(summary, null, 2));
    if (v.json) {
      io.out(JSON.stringify(summary));
    } else {
      const rows = [['optimizer', 'steps', 'final loss', 'best loss', 'ms/step', 'vs adam', 'seconds', 'recoveries']];
      for (const r of runs) {
        rows.push([r.optimizer, String(r.steps), fmt(Number(r.finalLoss.toPrecision(5))), fmt(Number(r.bestLoss.toPrecision(5))), r.msPerStep.toFixed(0), adam ? `${(r.msPerStep / adam.msPerStep).toFixed(2)}x` : '-', r.seconds.toFixed(1), String(r.recoveries)]);
      }
      io.out(table(rows));
      io.out(`\nloss curves written to ${join(out, 'loss.svg')} and ${join(out, 'loss-time.svg')}; numbers in ${join(out, 'runs.json')}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof InfogeoError) {
      io.err(`infogeo train: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`infogeo train: ${e.message}\n(run 'infogeo train --help' for usage)`);
      return 2;
    }
    throw e;
  }
}
