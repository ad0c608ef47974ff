export { inCoords, checkProblem, type Problem, type CoordProblem } from './problem.js';
export { familyFit, klFit, type FamilyProblem } from './familyFit.js';
export { logisticRegression, logisticData } from './logistic.js';
export { linearRegression, misspecifiedRegression, regressionData, type RegressionNoise, type MisspecifiedOptions } from './regression.js';
export { rosenbrock, quadratic, illConditionedQuadratic, type RosenbrockOptions } from './euclidean.js';
