export { fisher, fisherMatrix, score, monteCarloFisher, empiricalFisher, toRows } from './fisher.js';
export type { Coords, FisherEstimate } from './fisher.js';
