/**
 * Browser tests of the explorer's alpha-connections, Pythagorean, empirical-Fisher and exercises
 * panels: the production bundle is built with Vite into a temporary directory, served on
 * 127.0.0.1 by web/serve.ts and driven in Debian's chromium through playwright-core. What the
 * page reports (window.__infogeo) is checked against the library run here in Node, and against
 * the identities each panel claims. Screenshots go to test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../serve.js';
import { bernoulli, fisher, hellinger, kl, misspecifiedRegression, mvNormal, normal, poisson } from '../../src/index.js';
import { fisherRaoGeodesic } from '../../src/geometry/api.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const PANELS = ['alpha', 'pythagorean', 'empirical', 'exercises'] as const;

/** Median time of one interaction (library call + redraw + forced layout), in ms. */
const FRAME_MS = 16;
/** Identities evaluated in float64 on O(1) quantities: a few ulps of accumulated rounding. */
const IDENTITY_TOL = 1e-12;
/**
 * The alpha = 0 geodesic is shot numerically (DOP853 at 1e-12, Newton to a relative endpoint
 * miss of 1e-8); the closed-form Fisher-Rao geodesic of the normal family must agree to this.
 */
const SHOOTING_TOL = 1e-6;
/** Typed answers are checked to 0.5% by the page; the tests type four or more significant digits. */

let outDir = '';
let server: Server | undefined;
let baseUrl = '';
let browser: Browser | undefined;
const consoleErrors: string[] = [];

async function openPage(query: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await browser!.newPage({ viewport });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${query}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${query}: uncaught ${e.message}`));
  await page.goto(`${baseUrl}${query}`);
  await page.waitForFunction(() => (window as any).__infogeo?.ready === true);
  return page;
}

function report<T>(page: Page, panel: string, name: string): Promise<T> {
  return page.evaluate(([p, n]) => structuredClone((window as any).__infogeo[p][n]), [panel, name] as const) as Promise<T>;
}

/** Waits until the alpha panel's geodesic is solved (it is solved after a short pause). */
async function solvedGeodesic(page: Page): Promise<Geodesic> {
  await page.waitForFunction(() => (window as any).__infogeo.alpha.geodesic?.status !== 'pending');
  return report<Geodesic>(page, 'alpha', 'geodesic');
}

interface Geodesic {
  alpha: number;
  status: 'exact' | 'converged' | 'failed' | 'pending';
  residual: number;
  midTheta: number[] | null;
  midEta: number[] | null;
  points: ([number, number] | null)[];
}

/** In the page: the median of `n` repetitions of `act` followed by a forced layout. */
async function timeInPage(page: Page, act: string, n: number): Promise<{ median: number; p90: number }> {
  return page.evaluate(
    ([code, count]) => {
      const run = new Function(code as string) as () => void;
      const times: number[] = [];
      for (let i = 0; i < (count as number); i++) {
        const t0 = performance.now();
        run();
        document.body.getBoundingClientRect();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)] };
    },
    [act, n] as const,
  );
}

/** Page code pressing an arrow key on the draggable point whose label starts with `label`, alternating directions. */
function keyMove(label: string, k1: string, k2: string): string {
  return (
    `const el = [...document.querySelectorAll('[aria-roledescription="draggable point"]')].find((e) => e.getAttribute('aria-label').startsWith('${label}'));` +
    `window.__flip = !window.__flip; el.dispatchEvent(new KeyboardEvent('keydown', { key: window.__flip ? '${k1}' : '${k2}', bubbles: true }));`
  );
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Largest distance of the points from the line through a and b, relative to |b - a|. */
function offLine(points: ArrayLike<number>[], a: ArrayLike<number>, b: ArrayLike<number>): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  let worst = 0;
  for (const p of points) worst = Math.max(worst, Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / (len * len));
  return worst;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the explorer's browser tests need Debian's chromium (apt-get install -y chromium); npm cannot download browsers here.`);
  }
  outDir = mkdtempSync(join(tmpdir(), 'infogeo-web-b-'));
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  ({ server, url: baseUrl } = await serveStatic(outDir, 0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('alpha-connections, Pythagorean, empirical-Fisher and exercises panels in chromium', () => {
  it('are registered as tabs of the explorer and start without errors', async () => {
    // Rendering at both viewports and the screenshots of every panel's default view are in
    // explorer.test.ts; the tests below save screenshots of the states they reach.
    const page = await openPage('');
    const ids = await page.evaluate(() => (window as any).__infogeo.panels as string[]);
    expect(ids, 'the panels are listed in web/src/panels/index.ts').toEqual(expect.arrayContaining([...PANELS]));
    for (const id of PANELS) {
      await page.locator(`#tab-${id}`).click();
      await page.waitForSelector(`section.panel[data-panel="${id}"][data-ready="true"]`);
      expect(await page.locator('#global-message').textContent(), `${id} starts`).toBe('');
      expect(await page.locator('#panel svg.plot').count(), `${id} draws a figure`).toBeGreaterThan(0);
    }
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('alpha: e- and m-geodesics are straight in theta and eta, alpha = 0 is the Fisher-Rao geodesic, and the divergence meets its limits', async () => {
    const page = await openPage('?panel=alpha');
    const p = normal(-1, 0.8);
    const q = normal(1.5, 1.6);
    expect(await report(page, 'alpha', 'points')).toEqual({ p: [-1, 0.8], q: [1.5, 1.6], family: 'normal', view: 'source' });

    const g = await solvedGeodesic(page);
    expect(g.alpha).toBe(0.5);
    expect(g.status).toBe('converged');
    expect(g.residual).toBeLessThan(1e-8);
    const eMid = await report<number[]>(page, 'alpha', 'eMidTheta');
    const mMid = await report<number[]>(page, 'alpha', 'mMidEta');
    for (let i = 0; i < 2; i++) {
      expect(relErr(eMid[i], (p.theta[i] + q.theta[i]) / 2)).toBeLessThan(IDENTITY_TOL);
      expect(relErr(mMid[i], (p.eta[i] + q.eta[i]) / 2)).toBeLessThan(IDENTITY_TOL);
    }
    // The alpha = 0.5 geodesic lies strictly between the e- and m-geodesics: its midpoint differs from both.
    expect(Math.hypot(g.midTheta![0] - eMid[0], g.midTheta![1] - eMid[1])).toBeGreaterThan(0.05);

    await page.getByRole('button', { name: /^Set alpha to 1 / }).click();
    const e = await solvedGeodesic(page);
    expect(e.status).toBe('exact');
    expect(e.midTheta).toEqual(eMid);
    const d1 = await report<{ value: number; klQP: number }>(page, 'alpha', 'divergence');
    expect(relErr(d1.value, kl(q, p))).toBeLessThan(IDENTITY_TOL);

    await page.getByRole('button', { name: /^Set alpha to -1 / }).click();
    const m = await solvedGeodesic(page);
    expect(m.status).toBe('exact');
    expect(m.midEta).toEqual(mMid);
    const dm1 = await report<{ value: number }>(page, 'alpha', 'divergence');
    expect(relErr(dm1.value, kl(p, q))).toBeLessThan(IDENTITY_TOL);

    await page.getByRole('button', { name: /^Set alpha to 0 / }).click();
    const lc = await solvedGeodesic(page);
    expect(lc.status).toBe('converged');
    const fr = fisherRaoGeodesic(p, q)(0.5);
    for (let i = 0; i < 2; i++) expect(relErr(lc.midTheta![i], fr.theta[i])).toBeLessThan(SHOOTING_TOL);
    const d0 = await report<{ value: number; fourH2: number; dual: number }>(page, 'alpha', 'divergence');
    expect(relErr(d0.value, 4 * hellinger(p, q) ** 2)).toBeLessThan(IDENTITY_TOL);
    expect(relErr(d0.dual, d0.value)).toBeLessThan(IDENTITY_TOL);

    // The curve D_alpha(p : q) (steps of 0.05 in alpha) passes continuously through its limits at
    // alpha = -1 and 1: on either side the distance to the limit shrinks as alpha approaches it.
    const curve = await report<{ alphas: number[]; values: number[] }>(page, 'alpha', 'divergenceCurve');
    for (const [a, limit] of [
      [-1, kl(p, q)],
      [1, kl(q, p)],
    ] as const) {
      const i = curve.alphas.indexOf(a);
      expect(i).toBeGreaterThan(1);
      expect(relErr(curve.values[i], limit)).toBeLessThan(IDENTITY_TOL);
      for (const side of [-1, 1]) {
        const near = relErr(curve.values[i + side], limit);
        const far = relErr(curve.values[i + 2 * side], limit);
        expect(near).toBeLessThan(0.2);
        expect(near).toBeLessThan(far);
      }
    }
    await expect.poll(() => page.url()).toContain('alpha=0');
    await page.screenshot({ path: join(SHOTS, 'alpha-b-levi-civita.png'), fullPage: true });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('alpha: in natural coordinates the e-geodesic is a straight line; drags redraw within a frame; bad input keeps the page working', async () => {
    const page = await openPage('?panel=alpha&alpha=1&view=natural');
    const e = await solvedGeodesic(page);
    expect(e.status).toBe('exact');
    await page.screenshot({ path: join(SHOTS, 'alpha-b-natural-view.png'), fullPage: true });
    const pts = e.points.filter((x): x is [number, number] => x !== null);
    expect(pts.length).toBe(49);
    expect(offLine(pts, pts[0], pts[pts.length - 1])).toBeLessThan(IDENTITY_TOL);

    await page.getByLabel('Draw in').selectOption('source');
    await page.getByRole('button', { name: /^Set alpha to 0 / }).click();
    await solvedGeodesic(page);
    const drag = await timeInPage(page, keyMove('point p', 'ArrowRight', 'ArrowLeft'), 40);
    console.log('alpha panel: drag of p, ms (median / p90):', JSON.stringify(drag));
    expect(drag.median).toBeLessThan(FRAME_MS);
    // After the pause the geodesic between the moved points is solved again.
    expect((await solvedGeodesic(page)).status).toBe('converged');

    const qHandle = page.getByRole('slider', { name: /^point q/ });
    await qHandle.focus();
    for (let i = 0; i < 6; i++) await qHandle.press('Shift+ArrowDown'); // sigma 1.6 - 6 x 0.5 < 0
    expect(await page.locator('section.panel .message').first().textContent()).toMatch(/sigma/);
    const pts2 = await report<{ q: number[] }>(page, 'alpha', 'points');
    expect(pts2.q[1]).toBeGreaterThan(0);
    await qHandle.press('ArrowLeft');
    expect((await report<{ q: number[] }>(page, 'alpha', 'points')).q[0]).toBeCloseTo(pts2.q[0] - 0.05, 10);
    await page.close();

    const bad = await openPage('?panel=alpha&alpha=9&p=0,-2&family=nonsense');
    expect(await bad.locator('section.panel .message').first().textContent()).toMatch(/alpha 9 from the link.*point p from the link/);
    expect(await report(bad, 'alpha', 'points')).toEqual({ p: [-1, 0.8], q: [1.5, 1.6], family: 'normal', view: 'source' });
    expect((await solvedGeodesic(bad)).alpha).toBe(0.5);
    await bad.close();

    const gamma = await openPage('?panel=alpha&family=gamma&alpha=-0.5');
    expect((await solvedGeodesic(gamma)).status).toBe('converged');
    await gamma.close();
    expect(consoleErrors).toEqual([]);
  });

  it('pythagorean: q* is the product of the marginals and KL(p || r) = KL(p || q*) + KL(q* || r) wherever r is dragged', async () => {
    const page = await openPage('?panel=pythagorean');
    type Terms = { klPR: number; klPQ: number; klQR: number; defect: number };
    await page.screenshot({ path: join(SHOTS, 'pythagorean-b-normal.png'), fullPage: true });
    const t0 = await report<Terms>(page, 'pythagorean', 'terms');
    const q = await report<{ mean: number[]; cov: number[][] }>(page, 'pythagorean', 'qStar');
    // p = N((0.5, -0.3), sigmas (1.2, 0.7), correlation 0.85): q* keeps the mean and the variances.
    const c01 = 0.85 * 1.2 * 0.7;
    const p = mvNormal([0.5, -0.3], [[1.44, c01], [c01, 0.49]]);
    expect(relErr(q.mean[0], 0.5)).toBeLessThan(IDENTITY_TOL);
    expect(relErr(q.mean[1], -0.3)).toBeLessThan(IDENTITY_TOL);
    expect(relErr(q.cov[0][0], 1.44)).toBeLessThan(IDENTITY_TOL);
    expect(relErr(q.cov[1][1], 0.49)).toBeLessThan(IDENTITY_TOL);
    expect(Math.abs(q.cov[0][1])).toBeLessThan(IDENTITY_TOL);
    expect(relErr(t0.klPQ, kl(p, mvNormal(q.mean, [[1.44, 0], [0, 0.49]])))).toBeLessThan(1e-10);
    expect(Math.abs(t0.defect)).toBeLessThan(IDENTITY_TOL * t0.klPR);

    const r = page.getByRole('slider', { name: /^mean of r/ });
    await r.focus();
    for (const key of ['Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowDown', 'ArrowDown']) await r.press(key);
    const t1 = await report<Terms>(page, 'pythagorean', 'terms');
    expect(t1.klPQ).toBe(t0.klPQ);
    expect(Math.abs(t1.klQR - t0.klQR)).toBeGreaterThan(0.1);
    expect(Math.abs(t1.defect)).toBeLessThan(IDENTITY_TOL * t1.klPR);
    await page.getByLabel('r: sigma1').fill('2');
    const t2 = await report<Terms>(page, 'pythagorean', 'terms');
    expect(Math.abs(t2.defect)).toBeLessThan(IDENTITY_TOL * t2.klPR);
    await page.getByLabel('p: correlation').fill('0');
    expect((await report<Terms>(page, 'pythagorean', 'terms')).klPQ).toBeLessThan(IDENTITY_TOL); // p is on the subfamily

    const drag = await timeInPage(page, keyMove('mean of r', 'ArrowRight', 'ArrowLeft'), 40);
    console.log('pythagorean panel (normal): drag of r, ms (median / p90):', JSON.stringify(drag));
    expect(drag.median).toBeLessThan(FRAME_MS);

    await page.getByLabel('Example').selectOption('table');
    expect(await report(page, 'pythagorean', 'mode')).toBe('table');
    const pp = (await report<{ probs: number[] }>(page, 'pythagorean', 'p')).probs;
    const qq = (await report<{ probs: number[] }>(page, 'pythagorean', 'qStar')).probs;
    const px = [pp[0] + pp[1], pp[2] + pp[3]];
    const py = [pp[0] + pp[2], pp[1] + pp[3]];
    [px[0] * py[0], px[0] * py[1], px[1] * py[0], px[1] * py[1]].forEach((v, i) => expect(relErr(qq[i], v)).toBeLessThan(1e-10));
    const rt = page.getByRole('slider', { name: /^r on the product subfamily/ });
    await rt.focus();
    for (const key of ['Shift+ArrowRight', 'Shift+ArrowUp']) await rt.press(key);
    const tt = await report<Terms>(page, 'pythagorean', 'terms');
    expect(Math.abs(tt.defect)).toBeLessThan(IDENTITY_TOL * tt.klPR);
    const dragTable = await timeInPage(page, keyMove('r on the product subfamily', 'ArrowRight', 'ArrowLeft'), 40);
    console.log('pythagorean panel (table): drag of r, ms (median / p90):', JSON.stringify(dragTable));
    expect(dragTable.median).toBeLessThan(FRAME_MS);
    // A cell of weight 0 is outside the open simplex: a message, and the page keeps working.
    await page.getByLabel('p weight of cell (0, 1)').fill('0');
    expect(await page.locator('section.panel .message').first().textContent()).toMatch(/positive weight/);
    await page.getByLabel('p weight of cell (0, 1)').fill('0.3');
    expect(await page.locator('section.panel .message').first().textContent()).toBe('');
    await expect.poll(() => page.url()).toContain('mode=table');
    await page.screenshot({ path: join(SHOTS, 'pythagorean-b-table.png'), fullPage: true });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('empirical: NG with the true Fisher runs straight to the least-squares fit, NG with the empirical Fisher does not', async () => {
    const page = await openPage('?panel=empirical');
    type Runs = Record<'ng' | 'ef' | 'gd', { path: number[][]; gaps: number[]; stepsToTol: number | null }>;
    const wStar = await report<number[]>(page, 'empirical', 'wStar');
    const expected = misspecifiedRegression({ n: 200, noise: 'heteroscedastic', seed: 1 }).minimum!.source;
    for (let i = 0; i < 2; i++) expect(relErr(wStar[i], expected[i])).toBeLessThan(IDENTITY_TOL);
    const runs = await report<Runs>(page, 'empirical', 'runs');
    const start = runs.ng.path[0];
    expect(start).toEqual([2.5, 0.5]);
    // F^{-1} grad L = w - w*: every natural-gradient iterate lies on the segment from the start to w*.
    expect(offLine(runs.ng.path, start, wStar)).toBeLessThan(1e-9);
    expect(offLine(runs.ef.path, start, wStar)).toBeGreaterThan(0.05);
    expect(runs.ng.stepsToTol).not.toBeNull();
    expect(runs.ef.gaps.at(-1)!).toBeGreaterThan(1e6 * runs.ng.gaps.at(-1)!);

    await page.screenshot({ path: join(SHOTS, 'empirical-b-heteroscedastic.png'), fullPage: true });
    const drag = await timeInPage(page, keyMove('start point', 'ArrowRight', 'ArrowLeft'), 40);
    console.log('empirical panel: drag of the start, ms (median / p90):', JSON.stringify(drag));
    expect(drag.median).toBeLessThan(FRAME_MS);

    await page.getByLabel('Noise').selectOption('gaussian');
    const wGauss = await report<number[]>(page, 'empirical', 'wStar');
    const expectedGauss = misspecifiedRegression({ n: 200, noise: 'gaussian', seed: 1 }).minimum!.source;
    for (let i = 0; i < 2; i++) expect(relErr(wGauss[i], expectedGauss[i])).toBeLessThan(IDENTITY_TOL);

    // The largest step size makes natural gradient overshoot (|1 - lr| > 1): a message, not an error.
    const lr = page.getByLabel('Step size');
    await lr.fill(await lr.getAttribute('max') as string);
    expect((await report<{ lr: number }>(page, 'empirical', 'setup')).lr).toBe(3);
    expect(await page.locator('section.panel .message').first().textContent()).toMatch(/diverges.*smaller step size/);
    await page.getByLabel('Sample size n').fill('0');
    expect((await report<{ n: number }>(page, 'empirical', 'setup')).n).toBe(10);
    await page.getByRole('slider', { name: /^start point/ }).press('ArrowUp');
    expect((await report<Runs>(page, 'empirical', 'runs')).ng.path[0][1]).toBeCloseTo(0.55, 10);
    await expect.poll(() => page.url()).toContain('noise=gaussian');
    await page.screenshot({ path: join(SHOTS, 'empirical-b-diverging.png'), fullPage: true });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('exercises: a right answer is marked right, a wrong one wrong, text that is not a number gets a message; the quiz works from the keyboard', async () => {
    const page = await openPage('?panel=exercises&v=0');
    type Status = { status: string; expected: number };
    const answer = async (id: string, text: string): Promise<Status> => {
      const input = page.locator(`[data-question="${id}"] input`);
      await input.fill(text);
      await input.press('Enter');
      return (await report<Record<string, Status>>(page, 'exercises', 'exercises'))[id];
    };
    // Expected values from the library in Node, and from the closed forms.
    const iP = fisher(bernoulli(0.3))[0][0];
    expect(relErr(iP, 1 / (0.3 * 0.7))).toBeLessThan(IDENTITY_TOL);
    expect((await answer('bernoulli-fisher', iP.toPrecision(5))).status).toBe('right');
    expect(await page.locator('[data-question="bernoulli-fisher"]').getAttribute('data-status')).toBe('right');
    expect(await page.locator('[data-question="bernoulli-fisher"] .solution').isVisible()).toBe(true);
    expect((await answer('bernoulli-fisher', '100/21')).status).toBe('right');
    expect((await answer('bernoulli-fisher', '5.2')).status).toBe('wrong');
    expect(await page.locator('[data-question="bernoulli-fisher"]').getAttribute('data-status')).toBe('wrong');
    const invalid = await answer('bernoulli-fisher', 'four point seven');
    expect(invalid.status).toBe('invalid');
    expect(await page.locator('[data-question="bernoulli-fisher"] .message').textContent()).toMatch(/is not a number/);

    expect((await answer('bernoulli-ng', String(0.3 - 0.5 * (0.3 - 0.8)))).status).toBe('right');
    expect((await answer('bernoulli-ng', String(0.3 - 0.5 * (0.3 - 0.8) / (0.3 * 0.7)))).status).toBe('wrong'); // the plain gradient step
    expect((await answer('poisson-natural', String(fisher(poisson(3), 'natural')[0][0]))).status).toBe('right');
    expect((await answer('poisson-rate', '1/3')).status).toBe('right');
    expect((await answer('poisson-rate', '3')).status).toBe('wrong');
    expect((await answer('dual-step', String(0 - 0.5 * ((0.5 - 0.8) / (0.5 * 0.5))))).status).toBe('right');
    expect((await answer('dual-step', String(0 - 0.5 * (0.5 - 0.8)))).status).toBe('wrong'); // the gradient in theta

    // The quiz, from the keyboard: arrow keys move within a radio group, Tab reaches Check.
    const firstChoice = page.getByRole('radio', { name: /^the Fisher information, estimated from the data/ });
    await firstChoice.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown'); // the second choice: the right one
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    type Quiz = Record<string, { choice: number | null; correct: boolean | null }>;
    expect((await report<Quiz>(page, 'exercises', 'quiz')).empirical).toEqual({ choice: 1, correct: true });
    expect(await page.locator('[data-quiz="empirical"] .explanation').isVisible()).toBe(true);
    await page.getByRole('radio', { name: /^is the natural gradient with a diagonal/ }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await report<Quiz>(page, 'exercises', 'quiz')).adam).toEqual({ choice: 0, correct: false });
    expect(await page.locator('[data-quiz="adam"] .message').textContent()).toMatch(/Not quite/);
    await page.screenshot({ path: join(SHOTS, 'exercises-b-answered.png'), fullPage: true });

    await page.getByRole('button', { name: 'Show the exercises with other numbers' }).click();
    expect(await report(page, 'exercises', 'variant')).toBe(1);
    await expect.poll(() => page.url()).toContain('v=1');
    const fresh = await report<Record<string, Status>>(page, 'exercises', 'exercises');
    expect(fresh['bernoulli-fisher']).toEqual({ status: 'unanswered', given: '', expected: fisher(bernoulli(0.2))[0][0] });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });
});
