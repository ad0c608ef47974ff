export { lgamma, digamma, trigamma, lbeta } from './gamma.js';
export { polygamma } from './polygamma.js';
export { logBesselI0, logBesselI1 } from './bessel.js';
export { besselI1OverI0, besselI1OverI0Derivative, inverseBesselI1OverI0 } from './besselRatio.js';
export { log1pexp, log1mexp, sigmoid, logsumexp } from './logexp.js';
