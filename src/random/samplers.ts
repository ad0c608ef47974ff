// One entry point for the samplers (the families import from here); the kernels live in
// continuous.ts, gamma.ts, discrete.ts, counts.ts and multivariate.ts. Re-exports only.
export {
  sampleNormal,
  sampleLognormal,
  sampleExponential,
  sampleLaplace,
  sampleRayleigh,
  sampleInverseGaussian,
  sampleVonMises,
} from './continuous.js';
export { sampleGamma, sampleLogGamma, sampleBeta } from './gamma.js';
export { sampleBernoulli, sampleCategorical, categoricalSampler, sampleGeometric } from './discrete.js';
export { sampleBinomial, samplePoisson, sampleNegativeBinomial } from './counts.js';
export { sampleDirichlet, sampleMultinomial, sampleMvNormal } from './multivariate.js';
