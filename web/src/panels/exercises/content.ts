/**
 * The exercises and the quiz of the explorer. Every expected answer is computed by the library
 * when the exercise is shown (`fisher`, `familyFit` + `optimize` + `naturalGradient`, `klFit` +
 * `inCoords`); the page only compares it with what was typed.
 */
import { bernoulli, familyFit, fisher, inCoords, klFit, naturalGradient, optimize, poisson, poissonFamily, type ExponentialFamily } from '../../lib.js';
import { fmt } from '../../ui/index.js';

/** One question with a numeric answer. */
export interface NumericQuestion {
  id: string;
  /** The question as TeX-free text, plus an optional display formula. */
  prompt: string;
  tex?: string;
  /** The library's value. */
  expected: number;
  /** The worked solution, shown after an answer is checked. */
  solution: string;
}

/** An exercise: a title, a setting, one or more numeric questions. */
export interface Exercise {
  id: string;
  title: string;
  setting: string;
  tex?: string;
  /** A one-parameter family whose log-partition is plotted around theta0, with a caption. */
  logPartition?: { family: ExponentialFamily<unknown>; theta0: number; caption: string };
  questions: NumericQuestion[];
}

/** Numbers for each exercise; `variant` cycles through them. */
const VARIANTS = {
  fisherP: [0.3, 0.2, 0.9],
  ng: [
    { p: 0.3, ones: 8, lr: 0.5 },
    { p: 0.6, ones: 1, lr: 0.25 },
    { p: 0.2, ones: 5, lr: 1 },
  ],
  rate: [3, 0.5, 7],
  dual: [
    { p: 0.5, target: 0.8, lr: 0.5 },
    { p: 0.2, target: 0.5, lr: 0.1 },
    { p: 0.7, target: 0.1, lr: 0.2 },
  ],
};
/** How many sets of numbers each exercise has. */
export const VARIANT_COUNT = 3;

const first = (m: number[][]): number => m[0][0];

/** The exercises for one choice of numbers. */
export function exercises(variant: number): Exercise[] {
  const v = ((variant % VARIANT_COUNT) + VARIANT_COUNT) % VARIANT_COUNT;

  const p = VARIANTS.fisherP[v];
  const fisherP = first(fisher(bernoulli(p)));

  const ng = VARIANTS.ng[v];
  const data = Array.from({ length: 10 }, (_, i) => (i < ng.ones ? 1 : 0));
  const fit = familyFit(bernoulli(ng.p), data);
  const at = Float64Array.of(ng.p);
  const step = optimize({ problem: fit, coords: 'p', optimizer: (cp) => naturalGradient({ lr: ng.lr, fisher: cp.fisher }), steps: 1 });
  const ybar = ng.ones / 10;

  const rate = VARIANTS.rate[v];
  const fisherTheta = first(fisher(poisson(rate), 'natural'));
  const fisherRate = first(fisher(poisson(rate), 'source'));

  const du = VARIANTS.dual[v];
  const problem = klFit(bernoulli(du.p), bernoulli(du.target), 'forward');
  const inEta = inCoords(problem, 'expectation');
  const gEta = inEta.grad(inEta.init)[0];
  const inTheta = inCoords(problem, 'natural');
  const theta0 = inTheta.init[0];
  const ngTheta = optimize({ problem, coords: 'natural', optimizer: (cp) => naturalGradient({ lr: du.lr, fisher: cp.fisher }), steps: 1 });
  const gTheta = inTheta.grad(inTheta.init)[0];
  const fTheta = inTheta.fisher(inTheta.init)[0];

  return [
    {
      id: 'bernoulli',
      title: 'Exercise 1. The Bernoulli family',
      setting: `A coin lands heads with probability p, log f(x; p) = x log p + (1 - x) log(1 - p) for x in {0, 1}.`,
      tex: String.raw`I(p) = \mathbb{E}\Bigl[\Bigl(\tfrac{\partial}{\partial p}\log f(X;p)\Bigr)^2\Bigr]`,
      questions: [
        {
          id: 'bernoulli-fisher',
          prompt: `(a) What is the Fisher information I(p) at p = ${p}?`,
          expected: fisherP,
          solution: `The score is x/p - (1 - x)/(1 - p); its variance is 1/p + 1/(1 - p) = 1/(p (1 - p)) = 1/(${p} x ${fmt(1 - p, 3)}) = ${fmt(fisherP, 8)} (library: fisher(bernoulli(${p}))).`,
        },
        {
          id: 'bernoulli-ng',
          prompt: `(b) Ten tosses gave ${ng.ones} heads; the loss is the mean negative log-likelihood L(p). From p = ${ng.p}, take one natural-gradient step of size ${ng.lr} in the coordinate p. What is the new p?`,
          tex: String.raw`p_{1} = p_0 - \alpha\, I(p_0)^{-1}\, L'(p_0)`,
          expected: step.finalSource[0],
          solution:
            `L'(p) = (p - ybar)/(p (1 - p)) with ybar = ${ybar}, so L'(${ng.p}) = ${fmt(fit.grad(at)[0], 8)}; I(${ng.p}) = ${fmt(fit.fisher(at)[0], 8)}. ` +
            `Dividing, the curvature cancels: I^-1 L' = p - ybar = ${fmt(ng.p - ybar, 6)}, and p1 = ${ng.p} - ${ng.lr} x (${fmt(ng.p - ybar, 6)}) = ${fmt(step.finalSource[0], 8)} ` +
            `(library: optimize with naturalGradient, one step). The natural gradient moves p a fixed fraction of the way to the data's mean, however close p is to 0 or 1.`,
        },
      ],
    },
    {
      id: 'poisson',
      title: 'Exercise 2. Fisher information is the Hessian of the log-partition',
      setting: `The Poisson family in natural form: f(x; theta) = exp(theta x - F(theta)) / x!, with theta = log(rate) and F(theta) = e^theta.`,
      tex: String.raw`I(\theta) = F''(\theta) = \operatorname{Var}[X]`,
      logPartition: {
        family: poissonFamily as ExponentialFamily<unknown>,
        theta0: poisson(rate).theta[0],
        caption: `The Poisson log-partition F(theta) = e^theta (library: poissonFamily.logPartition), with theta0 = log ${rate} marked. The Fisher information in theta is its curvature there.`,
      },
      questions: [
        {
          id: 'poisson-natural',
          prompt: `(a) At rate ${rate}, what is the Fisher information in the natural parameter theta?`,
          expected: fisherTheta,
          solution: `F''(theta) = e^theta = rate = ${rate}, which is also Var[X] for a Poisson (library: fisher(poisson(${rate}), 'natural') = ${fmt(fisherTheta, 10)}).`,
        },
        {
          id: 'poisson-rate',
          prompt: `(b) And in the rate itself (the source parameter)?`,
          expected: fisherRate,
          solution: `Change coordinates with d theta / d rate = 1/rate: I(rate) = (1/rate)^2 x rate = 1/rate = ${fmt(fisherRate, 8)} (library: fisher(poisson(${rate}))).`,
        },
      ],
    },
    {
      id: 'dual',
      title: 'Exercise 3. The gradient in expectation coordinates, applied in natural coordinates',
      setting:
        `A Bernoulli with natural parameter theta = log(p/(1 - p)) and expectation parameter eta = p. The loss is L = KL(bernoulli(${du.target}) || bernoulli(p)). ` +
        `Start at p = ${du.p} (theta = ${fmt(theta0, 6)}). Compute the gradient of L with respect to eta, then step in theta with it.`,
      tex: String.raw`\theta_{1} = \theta_0 - \alpha\,\frac{\partial L}{\partial \eta}\Big|_{\eta_0}`,
      questions: [
        {
          id: 'dual-step',
          prompt: `With step size ${du.lr}, what is theta after one step?`,
          expected: ngTheta.finalParams[0],
          solution:
            `dL/d eta = ${fmt(gEta, 8)} (library: inCoords(problem, 'expectation').grad). Since d eta / d theta = F''(theta) = I(theta), ` +
            `dL/d eta = I(theta)^-1 dL/d theta = ${fmt(gTheta, 6)} / ${fmt(fTheta, 6)}: it is the natural gradient in theta. ` +
            `So theta1 = ${fmt(theta0, 6)} - ${du.lr} x (${fmt(gEta, 6)}) = ${fmt(ngTheta.finalParams[0], 8)}, exactly the natural-gradient step in theta (library: optimize in natural coordinates with naturalGradient).`,
        },
      ],
    },
  ];
}

/** A multiple-choice question on a common confusion. */
export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: string[];
  /** Index of the right choice. */
  answer: number;
  explanation: string;
}

/** The quiz: one question per common confusion. */
export const QUIZ: readonly QuizQuestion[] = [
  {
    id: 'empirical',
    prompt: 'Many "natural gradient" implementations precondition with the empirical Fisher (1/n) sum_i g_i g_i^T, the mean outer product of per-example gradients at the observed labels. This matrix is...',
    choices: [
      'the Fisher information, estimated from the data; it converges to the Fisher as n grows',
      'a different matrix: it equals the Fisher only for a well-specified model at the true parameters; elsewhere it follows the residuals',
      'the Hessian of the loss at every parameter value',
      'always larger than the Fisher, so it only makes the steps more cautious',
    ],
    answer: 1,
    explanation:
      'The Fisher averages score outer products over labels drawn from the model itself; the empirical Fisher uses the observed labels. They agree only when the model is right and the parameters are the true ones. ' +
      'Far from the optimum the empirical Fisher grows with the squared residuals (steps shrink); under misspecification it differs even at the optimum (Kunstner, Hennig and Balles 2019). See the "Empirical vs true Fisher" panel.',
  },
  {
    id: 'adam',
    prompt: 'Adam divides each gradient coordinate by the square root of a running mean of its squares. Compared with the natural gradient, Adam...',
    choices: [
      'is the natural gradient with a diagonal approximation of the Fisher',
      'uses second derivatives of the loss, like Newton\u2019s method',
      'uses the square root of a diagonal empirical Fisher: not the Fisher, not its inverse, and not invariant to reparameterisation',
      'follows the same path as the natural gradient when the step size is small',
    ],
    answer: 2,
    explanation:
      'The second-moment estimate is the diagonal of the empirical Fisher (squared observed gradients, not model scores), and Adam divides by its square root rather than multiplying by its inverse. ' +
      'Change the parameterisation (sigma, log sigma, variance) and Adam\u2019s path changes, while the natural gradient\u2019s does not to first order. See the "Natural vs ordinary gradient" panel.',
  },
  {
    id: 'mirror',
    prompt: 'Mirror descent on the natural parameters theta of an exponential family, with the log-partition F as mirror map, takes its gradient step...',
    choices: [
      'in theta, exactly as gradient descent does',
      'in the expectation parameters eta = grad F(theta): eta <- eta - lr grad_theta L, then back to theta by the inverse Legendre map',
      'in the source parameters (mu, sigma), then maps to theta',
      'along the Fisher-Rao geodesic in the direction of the gradient',
    ],
    answer: 1,
    explanation:
      'The mirror map sends theta to its dual coordinates eta = grad F(theta); the step is taken there and mapped back. Because d theta / d eta is the inverse Fisher, this is a natural-gradient step taken in expectation coordinates, ' +
      'and its proximal term is a KL divergence (the Bregman divergence of F). Dually, the gradient in eta applied to theta is the natural gradient in theta (exercise 3).',
  },
];

/**
 * Parses a typed answer: a decimal number (optionally with an exponent) or a fraction a/b of two
 * such numbers. Returns null for anything else.
 */
export function parseAnswer(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-').replace(/,/g, '.');
  const num = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
  const m = new RegExp(`^(${num})(?:\\s*/\\s*(${num}))?$`, 'i').exec(t);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] === undefined ? 1 : Number(m[2]);
  const v = a / b;
  return Number.isFinite(v) ? v : null;
}

/** Relative tolerance for a typed answer (people type three or four significant digits). */
export const ANSWER_TOL = 5e-3;

/** Whether a typed value matches the library's within the tolerance. */
export function isRight(given: number, expected: number): boolean {
  return Math.abs(given - expected) <= ANSWER_TOL * Math.max(Math.abs(expected), 1e-3);
}
