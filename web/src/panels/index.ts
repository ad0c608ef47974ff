import type { Panel } from '../panel.js';
import { gaussianPanel } from './gaussian.js';
import { simplexPanel } from './simplex.js';
import { dualPanel } from './dual.js';
import { alphaPanel } from './alpha.js';
import { pythagoreanPanel } from './pythagorean.js';
import { empiricalPanel } from './empirical.js';
import { exercisesPanel } from './exercises.js';

/** The panels in tab order. */
export const panels: readonly Panel[] = [gaussianPanel, simplexPanel, dualPanel, alphaPanel, pythagoreanPanel, empiricalPanel, exercisesPanel];
