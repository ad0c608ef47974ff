/**
 * Two double-precision kernels in WebAssembly SIMD (f64x2), assembled here from their opcodes so
 * that no build step, binary file or dependency is involved: a 4 x 4 GEMM micro-kernel and the
 * application of a sequence of plane rotations to the rows of a matrix (the eigenvector update
 * of the QL sweeps in eigh.ts). Plain JavaScript
 * tops out near 4.5 GFLOP/s on a 4 x 4 register tile (two scalar FP ops per cycle); the same
 * tile on 128-bit vectors runs at about 20 GFLOP/s in V8 on the development machine. Browsers
 * and Node >= 16.4 support wasm SIMD; where it is missing, getWasmKernel() returns null and
 * gemm-core.ts falls back to its JavaScript micro-kernel.
 *
 * Exported function (all arguments i32, addresses in bytes):
 *   k(kc, pa, pb, bstride, t0, t1, pc, ldc, accumulate)
 * For each B strip t in [t0, t1): the 4 x 4 tile
 *   C[ii, jj] (+)= sum_{p<kc} A[p * 4 + ii] * B_t[p * 4 + jj]
 * with A the packed 4-row strip at pa, B_t the packed 4-column strip at pb + t * bstride, and
 * C row ii of the tile at pc + t * 32 + ii * ldc. With accumulate = 0 the tile is overwritten.
 * Requires kc >= 1 (the inner loop is bottom-tested).
 *
 *   rot(pz, ld, l, m, pcs)
 * For i = m-1 down to l: rows i and i+1 of the matrix at pz (row stride ld bytes, a positive
 * multiple of 16; every row is ld bytes long) become
 *   z_{i+1} <- s_i z_i + c_i z_{i+1},  z_i <- c_i z_i - s_i z_{i+1},
 * with (c_i, s_i) the two doubles at pcs + 16 i.
 *
 * Each client gets its own instance, hence its own linear memory: gemm-core lays out its packed
 * panels from address 0, eigh.ts its eigenvector matrix, and neither can clobber the other. The module is about 550 bytes, well under
 * the 4 kB limit browsers put on synchronous compilation on the main thread; a page whose CSP
 * forbids WebAssembly simply gets the JavaScript path.
 */

/** The slice of the WebAssembly API used here (declared locally: the project's lib is ES2022). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** One instance of the module: both kernels and the memory they address. */
export interface WasmKernel {
  k: (
    kc: number,
    pa: number,
    pb: number,
    bstride: number,
    t0: number,
    t1: number,
    pc: number,
    ldc: number,
    accumulate: number,
  ) => void;
  rot: (pz: number, ld: number, l: number, m: number, pcs: number) => void;
  memory: WasmMemory;
}

// --- binary encoding helpers (WebAssembly core spec, section 5; SIMD opcodes after 0xfd) ---

function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

function sleb(x: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const localGet = (i: number): number[] => [0x20, ...uleb(i)];
const localSet = (i: number): number[] => [0x21, ...uleb(i)];
const localTee = (i: number): number[] => [0x22, ...uleb(i)];
const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_SUB = [0x6b];
const I32_LT_S = [0x48];
const I32_MUL = [0x6c];
const I32_LT_U = [0x49];
const I32_GE_U = [0x4f];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const ELSE = [0x05];
const END = [0x0b];
const br = (depth: number): number[] => [0x0c, ...uleb(depth)];
const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** memarg: alignment 2^3 = 8 bytes (our doubles are 8-byte aligned), constant offset. */
const V128_LOAD = (off: number): number[] => simd(0x00, 3, ...uleb(off));
const V128_LOAD64_SPLAT = (off: number): number[] => simd(0x0a, 3, ...uleb(off));
const V128_STORE = (off: number): number[] => simd(0x0b, 3, ...uleb(off));
const V128_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const F64X2_ADD = simd(0xf0);
const F64X2_SUB = simd(0xf1);
const F64X2_MUL = simd(0xf2);

/** Local indices: 9 parameters, then i32 and v128 locals. */
const KC = 0, PA = 1, PB = 2, BSTRIDE = 3, T0 = 4, T1 = 5, PC = 6, LDC = 7, ACCUM = 8;
const T = 9, AP = 10, BP = 11, END_AP = 12, CROW = 13;
const ACC = 14; // 8 accumulators: ACC + 2 ii holds C[ii, 0..1], ACC + 2 ii + 1 holds C[ii, 2..3]
const B01 = 22, B23 = 23, AV = 24;

function kernelBody(): number[] {
  const b: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) b.push(...p);
  };
  // Row address of tile row ii: CROW = pc + t * 32, advanced by ldc per row.
  const rowAddr = (): void => emit(localGet(PC), localGet(T), i32Const(32), I32_MUL, I32_ADD, localSet(CROW));
  const nextRow = (): void => emit(localGet(CROW), localGet(LDC), I32_ADD, localSet(CROW));

  emit(localGet(T0), localSet(T));
  emit(BLOCK, localGet(T), localGet(T1), I32_GE_U, brIf(0));
  emit(LOOP);
  // Accumulators: zero, or the current C tile.
  emit(localGet(ACCUM), IF);
  rowAddr();
  for (let ii = 0; ii < 4; ii++) {
    emit(localGet(CROW), V128_LOAD(0), localSet(ACC + 2 * ii));
    emit(localGet(CROW), V128_LOAD(16), localSet(ACC + 2 * ii + 1));
    if (ii < 3) nextRow();
  }
  emit(ELSE);
  for (let r = 0; r < 8; r++) emit(V128_ZERO, localSet(ACC + r));
  emit(END);
  // ap = pa; bp = pb + t * bstride; endAp = pa + 32 * kc
  emit(localGet(PA), localSet(AP));
  emit(localGet(PB), localGet(T), localGet(BSTRIDE), I32_MUL, I32_ADD, localSet(BP));
  emit(localGet(PA), localGet(KC), i32Const(32), I32_MUL, I32_ADD, localSet(END_AP));
  // Inner product loop over p: two B vectors, four splatted A values, eight multiply-adds.
  emit(LOOP);
  emit(localGet(BP), V128_LOAD(0), localSet(B01), localGet(BP), V128_LOAD(16), localSet(B23));
  for (let ii = 0; ii < 4; ii++) {
    emit(localGet(AP), V128_LOAD64_SPLAT(8 * ii), localTee(AV));
    emit(localGet(B01), F64X2_MUL, localGet(ACC + 2 * ii), F64X2_ADD, localSet(ACC + 2 * ii));
    emit(localGet(AV), localGet(B23), F64X2_MUL, localGet(ACC + 2 * ii + 1), F64X2_ADD, localSet(ACC + 2 * ii + 1));
  }
  emit(localGet(BP), i32Const(32), I32_ADD, localSet(BP));
  emit(localGet(AP), i32Const(32), I32_ADD, localTee(AP), localGet(END_AP), I32_LT_U, brIf(0));
  emit(END);
  // Store the tile.
  rowAddr();
  for (let ii = 0; ii < 4; ii++) {
    emit(localGet(CROW), localGet(ACC + 2 * ii), V128_STORE(0));
    emit(localGet(CROW), localGet(ACC + 2 * ii + 1), V128_STORE(16));
    if (ii < 3) nextRow();
  }
  emit(localGet(T), i32Const(1), I32_ADD, localTee(T), localGet(T1), I32_LT_U, brIf(0));
  emit(END, END, END); // loop over t, block, function
  return b;
}

/** rot locals: 5 parameters, then i32 and v128 locals. */
const PZ = 0, LD = 1, RL = 2, RM = 3, PCS = 4;
const RI = 5, PI = 6, PJ = 7, PEND = 8;
const VC = 9, VS = 10, ZI = 11, ZJ = 12;

function rotationBody(): number[] {
  const b: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) b.push(...p);
  };
  emit(localGet(RM), i32Const(1), I32_SUB, localSet(RI));
  emit(BLOCK, LOOP);
  emit(localGet(RI), localGet(RL), I32_LT_S, brIf(1)); // done when i < l
  // c, s splatted from pcs + 16 i; rows i and i+1 start at pz + i ld and pz + (i + 1) ld.
  emit(localGet(PCS), localGet(RI), i32Const(16), I32_MUL, I32_ADD, localTee(PI));
  emit(V128_LOAD64_SPLAT(0), localSet(VC), localGet(PI), V128_LOAD64_SPLAT(8), localSet(VS));
  emit(localGet(PZ), localGet(RI), localGet(LD), I32_MUL, I32_ADD, localTee(PI));
  emit(localGet(LD), I32_ADD, localTee(PJ), localSet(PEND));
  emit(LOOP);
  emit(localGet(PI), V128_LOAD(0), localSet(ZI), localGet(PJ), V128_LOAD(0), localSet(ZJ));
  emit(localGet(PJ), localGet(VS), localGet(ZI), F64X2_MUL, localGet(VC), localGet(ZJ), F64X2_MUL, F64X2_ADD, V128_STORE(0));
  emit(localGet(PI), localGet(VC), localGet(ZI), F64X2_MUL, localGet(VS), localGet(ZJ), F64X2_MUL, F64X2_SUB, V128_STORE(0));
  emit(localGet(PJ), i32Const(16), I32_ADD, localSet(PJ));
  emit(localGet(PI), i32Const(16), I32_ADD, localTee(PI), localGet(PEND), I32_LT_U, brIf(0));
  emit(END);
  emit(localGet(RI), i32Const(1), I32_SUB, localSet(RI), br(0));
  emit(END, END, END); // loop over i, block, function
  return b;
}

function moduleBytes(): Uint8Array {
  const kernel = [...vec([[...uleb(5), I32], [...uleb(11), V128]]), ...kernelBody()];
  const rotation = [...vec([[...uleb(4), I32], [...uleb(4), V128]]), ...rotationBody()];
  const params = (count: number): number[] => [0x60, ...vec(new Array<number[]>(count).fill([I32])), 0x00];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    ...section(1, vec([params(9), params(5)])), // types: (i32 x 9) -> (), (i32 x 5) -> ()
    ...section(3, vec([[0x00], [0x01]])), // function 0 (k) has type 0, function 1 (rot) type 1
    ...section(5, vec([[0x00, ...uleb(1)]])), // memory: min 1 page, no max
    ...section(7, vec([[...name('k'), 0x00, 0x00], [...name('rot'), 0x00, 0x01], [...name('memory'), 0x02, 0x00]])),
    ...section(10, vec([
      [...uleb(kernel.length), ...kernel],
      [...uleb(rotation.length), ...rotation],
    ])),
  ]);
}

let compiled: object | null | undefined;
const instances = new Map<string, WasmKernel | null>();
let enabled = true;

/**
 * Switches the WebAssembly kernels on or off for every client (the tests run each kernel both
 * ways; the benchmark reports both). Returns whether wasm SIMD will actually be used.
 *
 * @example setWasmEnabled(false); // gemm and eighSym now use their JavaScript loops
 */
export function setWasmEnabled(on: boolean): boolean {
  enabled = on;
  return getWasmKernel() !== null;
}

/**
 * The instance of the kernels owned by `client` (one linear memory per client), created on
 * first use; null when WebAssembly or its SIMD extension is unavailable (the module is
 * validated before it is compiled) or the kernels are switched off by setWasmEnabled(false).
 *
 * @example getWasmKernel('gemm')?.k // a function in Node >= 16.4 and current browsers
 */
export function getWasmKernel(client: 'gemm' | 'eigh' = 'gemm'): WasmKernel | null {
  if (!enabled) return null;
  const known = instances.get(client);
  if (known !== undefined) return known;
  let result: WasmKernel | null = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (compiled === undefined) {
      compiled = null;
      const bytes = moduleBytes();
      if (wasm !== undefined && wasm.validate(bytes)) compiled = new wasm.Module(bytes);
    }
    if (wasm !== undefined && compiled !== null) {
      const instance = new wasm.Instance(compiled, {});
      result = {
        k: instance.exports.k as WasmKernel['k'],
        rot: instance.exports.rot as WasmKernel['rot'],
        memory: instance.exports.memory as WasmMemory,
      };
    }
  } catch {
    result = null;
  }
  instances.set(client, result);
  return result;
}
