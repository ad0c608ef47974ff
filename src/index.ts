/**
 * infogeo: information geometry and natural-gradient optimisation for TypeScript.
 * Named re-exports only; see README.md for a tour.
 */
export { InfogeoError } from './errors.js';
export * from './families/index.js';
export * from './fisher/index.js';
export * from './divergences/index.js';
export { Rng, rng } from './random/rng.js';
export { integrate, type QuadratureOptions, type QuadratureResult } from './numeric/quadrature.js';
export * from './optim/index.js';
