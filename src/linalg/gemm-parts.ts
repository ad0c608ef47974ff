/**
 * Which part of the output matrix C a GEMM call reads and writes. A triangular part lets a
 * symmetric update (Gram matrix, Cholesky trailing update) skip half the tiles.
 */
export type Part = 0 | 1 | 2;
/** Write all of C. */
export const FULL: Part = 0;
/** Write only the upper triangle (j >= i) of C. */
export const UPPER: Part = 1;
/** Write only the lower triangle (j <= i) of C. */
export const LOWER: Part = 2;
