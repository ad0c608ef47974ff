/**
 * The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008): eight colours that
 * stay distinguishable under the common colour-vision deficiencies. Use these names, never raw
 * hex codes in panels, and pair colour with a second cue (dash pattern, marker, label).
 */
export const palette = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** The palette in a fixed order for series (black last: it is kept for axes and targets). */
export const series: readonly string[] = [
  palette.blue,
  palette.vermillion,
  palette.bluishGreen,
  palette.orange,
  palette.reddishPurple,
  palette.skyBlue,
  palette.yellow,
  palette.black,
];

/** Dash patterns to pair with `series` so lines differ without colour. */
export const dashes: readonly string[] = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', ''];
