/**
 * `infogeo tour`: a guided walk through the library, every number computed by it.
 */
import {
  bernoulli,
  dualPotential,
  empiricalFisher,
  fisher,
  gamma,
  kl,
  klBregman,
  laplace,
  monteCarloFisher,
  normal,
  rng,
  sample,
} from '../src/index.js';
import { divergenceRows, fmt, matrixText, table, type Io } from './commands.js';

export function tour(io: Io): void {
  const say = (s = ''): void => io.out(s);
  const head = (s: string): void => {
    say();
    say(s);
    say('-'.repeat(s.length));
  };

  say('infogeo tour: information geometry, computed');

  head('1. A distribution is a point; its coordinates are a choice');
  const p = normal(1, 2);
  say(`p = ${p}`);
  say(table([
    ['source (mu, sigma)', `[${Array.from(p.source).map(fmt).join(', ')}]`],
    ['natural theta = (mu/sigma^2, -1/(2 sigma^2))', `[${Array.from(p.theta).map(fmt).join(', ')}]`],
    ['expectation eta = (E[x], E[x^2])', `[${Array.from(p.eta).map(fmt).join(', ')}]`],
  ]));

  head('2. The Fisher information metric');
  const b = bernoulli(0.25);
  say(`Bernoulli(p = 0.25): Fisher in p = ${fmt(fisher(b)[0][0])}  (1 / (p (1 - p)) = ${fmt(1 / (0.25 * 0.75))})`);
  const n2 = normal(0, 2);
  for (const coords of ['source', 'natural', 'expectation'] as const) {
    say(`${n2} in ${coords} coordinates:`);
    say(matrixText(fisher(n2, coords)).replace(/^/gm, '    '));
  }
  say('(source: diag(1/sigma^2, 2/sigma^2); natural: Cov[T(x)] = Hessian of F; expectation: its inverse)');

  head('3. Fisher is the Hessian of KL: KL(p || p + d) ~ (1/2) d^T G d');
  const g = fisher(p);
  const d = [1e-3, -2e-3];
  const quad = 0.5 * (d[0] * (g[0][0] * d[0] + g[0][1] * d[1]) + d[1] * (g[1][0] * d[0] + g[1][1] * d[1]));
  say(table([
    ['KL(normal(1, 2) || normal(1.001, 1.998))', fmt(kl(p, normal(1 + d[0], 2 + d[1])))],
    ['(1/2) d^T G d', fmt(quad)],
  ]));

  head('4. KL is the Bregman divergence of the log-partition F');
  const q = normal(0, 1);
  say(table([
    [`closed form KL(${q} || ${p})`, fmt(kl(q, p))],
    ['Bregman B_F(theta_p : theta_q)', fmt(klBregman(p.family, q.theta, p.theta))],
  ]));

  head('5. Legendre duality: F(theta) + F*(eta) = <theta, eta>');
  const gm = gamma(2, 3);
  const inner = gm.theta.reduce((s, t, i) => s + t * gm.eta[i], 0);
  say(table([
    [`${gm}: F(theta) + F*(eta)`, fmt(gm.family.logPartition(gm.theta) + dualPotential(gm.family, gm.eta))],
    ['<theta, eta>', fmt(inner)],
  ]));

  head('6. Divergences between normal(0, 1) and normal(1, 2)');
  say(table([['divergence', 'value', 'note'], ...divergenceRows(q, p).map(([k, v, note]) => [k, fmt(v), note])]));

  head('7. The empirical Fisher is not the Fisher');
  const model = normal(0, 1);
  const data = sample(laplace(0, 1), 20000, rng(7));
  const mc = monteCarloFisher(model, 20000, rng(8));
  const emp = empiricalFisher(model, data);
  say('Model normal(0, 1); data drawn from laplace(0, 1) (misspecified). Fisher in (mu, sigma):');
  say(table([
    ['exact', matrixText(fisher(model)).replace(/\n/g, ' | ')],
    ['Monte Carlo (model samples)', matrixText(mc.estimate).replace(/\n/g, ' | ')],
    ['empirical (observed data)', matrixText(emp.estimate).replace(/\n/g, ' | ')],
  ]));
  say(`The empirical sigma-sigma entry is ${fmt(emp.estimate[1][1])} +/- ${fmt(emp.stdError[1][1])}, not 2: it measures the data, not the model.`);

  say();
  say("Try: infogeo kl 'normal(0,1)' 'normal(1,2)'   infogeo fisher 'gamma(2,3)' --coords natural");
  say("     infogeo divergences 'poisson(3)' 'poisson(5)'   infogeo info 'dirichlet([1,2,3])'   infogeo help");
}
