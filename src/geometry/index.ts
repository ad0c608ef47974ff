export type { Connection, Metric } from './connection.js';
export { metricFromFunction, familyMetric, cubicTensor, christoffelFromMetric, type FamilyMetric, type FamilyCoords } from './metric.js';
export { alphaConnection, type AlphaConnection } from './alpha.js';
export { geodesicIVP, geodesicBVP, geodesicLength, expMapCoords, logMapCoords, parallelTransport, type GeodesicIVP, type GeodesicBVP, type Curve } from './geodesic.js';
export { riemann, ricci, scalarCurvature, sectionalCurvature } from './curvature.js';
export {
  fisherRaoDistance,
  fisherRaoDistanceDetailed,
  fisherRaoDistanceBounds,
  fisherRaoGeodesic,
  logMap,
  expMap,
  type FisherRaoOptions,
  type FisherRaoResult,
} from './api.js';
export {
  eFlatSubmanifold,
  fixedNaturalSubmanifold,
  independenceSubmanifold,
  mFlatSubmanifold,
  thetaOnSubmanifold,
  submanifoldResidual,
  type EFlatSubmanifold,
  type MFlatSubmanifold,
} from './submanifold.js';
export { mProjection, eProjection, maximumLikelihood, type ProjectionOptions, type ProjectionResult, type MaximumLikelihoodResult } from './projection.js';
export { pythagorean, type PythagoreanCheck } from './pythagorean.js';
export { rightCentroid, leftCentroid, jeffreysCentroid, frechetMean, centroidObjective, type CentroidResult, type CentroidOptions, type CentroidKind } from './centroid.js';
