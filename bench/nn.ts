/**
 * Optimisers for networks on the MNIST digits of the `mnist` package, all in one run with the same
 * seed, initialisation, batches and evaluation set: Adam first, for a fixed budget of steps; its
 * final training loss becomes the target; then every other optimiser runs until it reaches that
 * target (or the same budget). The deep autoencoder (784-1000-500-250-30 and mirrored, logistic
 * units, Bernoulli loss; Hinton and Salakhutdinov 2006, the K-FAC paper's benchmark) and an MLP
 * classifier (784-256-128-10, tanh, softmax loss).
 *
 *   npx tsx bench/nn.ts            full run: both models full size, 10,000 images, batch 1000 (about an hour)
 *   npx tsx bench/nn.ts --quick    smoke run: 7 x 7 pooled digits, small models, 2,000 images, batch 100
 *   options: --model autoencoder|classifier (default both), --optimizers a,b,... , --budget N
 *
 * Columns: "steps to target" and "time to target" (training time only: evaluation excluded);
 * "iters vs adam" and "time vs adam" are ratios to Adam's budget and Adam's time for it;
 * "ms/step" and "step vs adam" the mean time per step over the run; "peak MB" the largest
 * tf.memory().numBytes seen after a step (parameters, optimiser state, caches); "state MB" the
 * optimiser state (tensors and float64 arrays). The targets of the issue are checked at the end.
 * The machine has 2 cores and is often shared: compare ratios from the same run.
 */
import { initBackend, tf } from '../src/nn/backend.js';
import { autoencoder, mlpClassifier, type Model } from '../src/nn/models.js';
import { loadMnist, mnistAutoencoderData, mnistClassifierData, type Dataset } from '../src/nn/data/mnist.js';
import { train } from '../src/nn/train/loop.js';
import { OPTIMIZER_NAMES, optimizerRecipe } from '../src/nn/recipes.js';
import { collectDisposables } from '../src/nn/optim/state.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const models = (arg('model') ?? 'autoencoder,classifier').split(',');
const optimizers = (arg('optimizers') ?? OPTIMIZER_NAMES.join(',')).split(',').filter((o) => o !== 'adam');
const SEED = 1;

interface Setup {
  model: Model;
  data: Dataset;
  batch: number;
  budget: number;
  evalEvery: number;
  init: 'glorot' | 'sparse';
}

function setup(which: string): Setup {
  const m = loadMnist({ count: quick ? 2000 : 10000, seed: SEED, pool: quick ? 4 : 1 });
  const budgetArg = arg('budget');
  if (which === 'autoencoder') {
    const model = autoencoder(quick ? { sizes: [49, 32, 16, 8] } : {});
    return { model, data: mnistAutoencoderData(m), batch: quick ? 100 : 1000, budget: Number(budgetArg ?? (quick ? 300 : 300)), evalEvery: quick ? 10 : 10, init: 'sparse' };
  }
  const model = mlpClassifier(quick ? { input: 49, hidden: [32] } : {});
  return { model, data: mnistClassifierData(m), batch: quick ? 100 : 1000, budget: Number(budgetArg ?? (quick ? 200 : 200)), evalEvery: quick ? 5 : 5, init: 'glorot' };
}

function stateBytes(state: unknown): number {
  let bytes = 0;
  for (const d of collectDisposables(state)) if (d instanceof tf.Tensor) bytes += 4 * d.size;
  const walk = (x: unknown): void => {
    if (x instanceof Float64Array) bytes += x.byteLength;
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object' && !(x instanceof tf.Tensor)) Object.values(x).forEach(walk);
  };
  walk(state);
  return bytes;
}

interface Row {
  optimizer: string;
  stepsToTarget: number | null;
  timeToTarget: number | null;
  steps: number;
  finalLoss: number;
  bestLoss: number;
  msPerStep: number;
  peakMB: number;
  stateMB: number;
  recoveries: number;
}

function run(s: Setup, name: string, target: number | undefined, budget: number): Row {
  let peak = 0;
  const r = train({
    model: s.model,
    data: s.data,
    transform: optimizerRecipe(name, s.model, { batchSize: s.batch, seed: SEED }),
    steps: budget,
    batchSize: s.batch,
    seed: SEED,
    init: s.init,
    evalEvery: s.evalEvery,
    evalSize: Math.min(2000, s.data.count),
    targetLoss: target,
    onStep: () => (peak = Math.max(peak, tf.memory().numBytes)),
  });
  const h = r.history;
  const k = target === undefined ? -1 : h.evalLoss.findIndex((l) => l <= target);
  const row: Row = {
    optimizer: name,
    stepsToTarget: k >= 0 ? h.evalStep[k] : null,
    timeToTarget: k >= 0 ? h.evalTimeMs[k] / 1000 : null,
    steps: r.steps,
    finalLoss: h.evalLoss[h.evalLoss.length - 1],
    bestLoss: Math.min(...h.evalLoss),
    msPerStep: r.elapsedMs / r.steps,
    peakMB: peak / 2 ** 20,
    stateMB: stateBytes(r.state) / 2 ** 20,
    recoveries: r.recoveries,
  };
  r.dispose();
  return row;
}

function pad(rows: string[][]): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ')).join('\n');
}

await initBackend();
console.log(`bench/nn ${quick ? '(quick)' : '(full)'}: backend ${tf.getBackend()}, seed ${SEED}`);
for (const which of models) {
  const s = setup(which);
  console.log(`\n${s.model.name}: ${s.model.net.size} parameters, ${s.data.count} images, batch ${s.batch}, ${s.init} initialisation, Adam budget ${s.budget} steps, loss evaluated on ${Math.min(2000, s.data.count)} training images every ${s.evalEvery} steps`);
  const adam = run(s, 'adam', undefined, s.budget);
  const target = adam.finalLoss;
  adam.stepsToTarget = adam.steps;
  adam.timeToTarget = (adam.msPerStep * adam.steps) / 1000;
  console.log(`target: Adam's final loss after ${s.budget} steps = ${target.toFixed(4)}`);
  const rows: Row[] = [adam];
  for (const o of optimizers) {
    const row = run(s, o, target, s.budget);
    rows.push(row);
    console.log(`  ${o}: ${row.stepsToTarget === null ? `not reached in ${row.steps} steps (best ${row.bestLoss.toFixed(4)})` : `reached at step ${row.stepsToTarget}`}, ${row.msPerStep.toFixed(0)} ms/step`);
  }
  const table = [['optimizer', 'steps to target', 'iters vs adam', 'time to target s', 'time vs adam', 'ms/step', 'step vs adam', 'best loss', 'peak MB', 'state MB', 'recoveries']];
  for (const r of rows) {
    table.push([
      r.optimizer,
      r.stepsToTarget === null ? `> ${r.steps}` : String(r.stepsToTarget),
      r.stepsToTarget === null ? '-' : (r.stepsToTarget / adam.steps).toFixed(2),
      r.timeToTarget === null ? '-' : r.timeToTarget.toFixed(1),
      r.timeToTarget === null ? '-' : (r.timeToTarget / adam.timeToTarget!).toFixed(2),
      r.msPerStep.toFixed(0),
      (r.msPerStep / adam.msPerStep).toFixed(2),
      r.bestLoss.toFixed(4),
      r.peakMB.toFixed(0),
      r.stateMB.toFixed(1),
      String(r.recoveries),
    ]);
  }
  console.log('\n' + pad(table));
  const kf = rows.find((r) => r.optimizer === 'kfac');
  const sh = rows.find((r) => r.optimizer === 'shampoo');
  const verdict = (ok: boolean): string => (ok ? 'hit' : 'MISS');
  if (kf) {
    console.log(`\ntargets: K-FAC iterations <= Adam / 3: ${kf.stepsToTarget === null ? 'MISS (not reached)' : `${verdict(kf.stepsToTarget <= adam.steps / 3)} (${kf.stepsToTarget} vs ${adam.steps})`}`);
    console.log(`         K-FAC wall time < Adam's:   ${kf.timeToTarget === null ? 'MISS (not reached)' : `${verdict(kf.timeToTarget < adam.timeToTarget!)} (${kf.timeToTarget.toFixed(1)} s vs ${adam.timeToTarget!.toFixed(1)} s)`}`);
    console.log(`         K-FAC step <= 3x Adam's:    ${verdict(kf.msPerStep <= 3 * adam.msPerStep)} (${(kf.msPerStep / adam.msPerStep).toFixed(2)}x)`);
  }
  if (sh) console.log(`         Shampoo ahead of Adam on iterations: ${sh.stepsToTarget === null ? 'MISS (not reached)' : `${verdict(sh.stepsToTarget < adam.steps)} (${sh.stepsToTarget} vs ${adam.steps})`}`);
}
