export { kl, bregman, squaredNorm, negEntropy, logPartitionGenerator } from './kl.js';
export type { BregmanGenerator } from './kl.js';
export { alphaDivergence, renyi } from './alpha.js';
export { bhattacharyyaCoefficient, bhattacharyya, hellinger } from './bhattacharyya.js';
export { chernoff } from './chernoff.js';
export type { ChernoffResult } from './chernoff.js';
export { jeffreys } from './jeffreys.js';
export { jensenShannon, jensenShannonEstimate } from './jensenShannon.js';
export type { JensenShannonEstimate, JensenShannonOptions } from './jensenShannon.js';
