/**
 * The library as the page sees it: everything the panels call, re-exported from the package
 * root, plus modules not yet exported there. Panels import from here only, so moving a name into
 * src/index.ts needs one edit.
 */
export * from '../../src/index.js';
export { fisherRaoDistance, fisherRaoGeodesic, expMap, logMap } from '../../src/geometry/api.js';
export { spdInvSqrt } from '../../src/linalg/index.js';
