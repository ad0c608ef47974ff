import { InfogeoError } from '../errors.js';

/**
 * The library's one seeded pseudo-random generator: xoshiro128** (Blackman and Vigna 2018) on
 * four 32-bit words, seeded by an injective mix of the seed's two 32-bit halves (distinct seeds
 * give distinct states). Integer arithmetic only (Math.imul and shifts), so the stream of
 * `nextUint32()` is identical on every platform and run for a given seed; `next()` builds a
 * double in [0, 1) from 53 random bits.
 *
 * Every stochastic function in the library takes an Rng; none touches Math.random.
 *
 * @example
 * const r = rng(42); r.next(); // 0.15121343210645555 (the same on every machine)
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Cached second normal deviate of the polar method, or NaN when none is cached. */
  private spare = Number.NaN;

  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed) || !Number.isSafeInteger(seed)) {
      throw new InfogeoError('rng', 'seed', seed, 'a safe integer');
    }
    // Seed -> state must be injective: the former splitmix32 seeding folded the 53-bit seed into
    // one 32-bit word (lo ^ hi * 0x9e3779b9), so e.g. rng(0) and rng(6949403065) gave the same
    // stream, and seeds differing by 0x9e3779b9 gave shifted copies of the same four words.
    // Here three Feistel rounds (each a bijection of the pair, whatever the round function)
    // mix the two 32-bit halves into (s0, s1), so distinct safe integers give distinct states
    // and every word depends on every bit of the seed; s2 and s3 are further mixes of both.
    let a = seed >>> 0; // seed mod 2^32
    let b = Math.floor(seed / 4294967296) | 0; // two's-complement high word, |b| <= 2^21
    b ^= fmix32((a + 0x9e3779b9) | 0);
    a ^= fmix32((b + 0x7f4a7c15) | 0);
    b ^= fmix32((a + 0x3c6ef372) | 0);
    this.s0 = a >>> 0;
    this.s1 = b >>> 0;
    this.s2 = fmix32(a ^ rotl(b, 16) ^ 0xdaa66d2b);
    this.s3 = fmix32((a + b + 0x78dde6e4) | 0);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** A double uniform on [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A double uniform on the open interval (0, 1): never 0, so safe inside log. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** An integer uniform on {0, ..., n-1}, without modulo bias. n must be in [1, 2^32]. */
  nextInt(n: number): number {
    if (n <= 0 || n > 4294967296 || !Number.isInteger(n)) {
      throw new InfogeoError('Rng.nextInt', 'n', n, 'an integer in [1, 2^32]');
    }
    const limit = 4294967296 - (4294967296 % n);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return r % n;
  }

  /** A standard normal deviate (Marsaglia's polar method; uses only sqrt and log). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** A standard exponential deviate. */
  exponential(): number {
    return -Math.log(this.nextOpen());
  }

  /** An independent copy with the same state: both produce the same stream from here. */
  clone(): Rng {
    const c = new Rng(0);
    c.setState(this.getState());
    return c;
  }

  /** The full state, for checkpoints: four 32-bit words and the cached normal deviate. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, this.spare];
  }

  /**
   * Restores a state obtained from `getState()`: four words, integers in [0, 2^32) (int32
   * values are accepted too) and not all zero (the all-zero state is a fixed point of
   * xoshiro), then the cached normal deviate (NaN for none).
   */
  setState(state: readonly number[]): void {
    const domain = 'an array of 5 numbers from getState()';
    if (!Array.isArray(state) || state.length !== 5) {
      throw new InfogeoError('Rng.setState', 'state', state, domain);
    }
    for (let i = 0; i < 4; i++) {
      const w = state[i];
      if (typeof w !== 'number' || !Number.isInteger(w) || w < -2147483648 || w >= 4294967296) {
        throw new InfogeoError('Rng.setState', 'state', state, domain, `word ${i} is not a 32-bit integer`);
      }
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) {
      throw new InfogeoError('Rng.setState', 'state', state, domain, 'the all-zero state never leaves 0');
    }
    if (typeof state[4] !== 'number' || !(Number.isNaN(state[4]) || Number.isFinite(state[4]))) {
      throw new InfogeoError('Rng.setState', 'state', state, domain, 'the cached normal must be NaN or finite');
    }
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    this.spare = state[4];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A new seeded generator. @example const r = rng(1); r.normal(); */
export function rng(seed: number): Rng {
  return new Rng(seed);
}
