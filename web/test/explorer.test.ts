/**
 * Browser tests of the explorer: the production bundle is built with Vite into a temporary
 * directory, served on 127.0.0.1 by web/serve.ts, and driven in Debian's chromium through
 * playwright-core. Screenshots go to test-results/screenshots/, measured figures to
 * test-results/explorer-metrics.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../serve.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const METRICS = join(ROOT, 'test-results', 'explorer-metrics.json');

/** Median time of one interaction (update + render + forced layout) must stay under a frame. */
const FRAME_MS = 16;
/** The production bundle without fonts, gzip, must stay under this. */
const BUNDLE_LIMIT_BYTES = 250 * 1000;
/**
 * Natural gradient is invariant to first order in the step size: switching the parameterisation
 * may move its discrete path by O(lr^2) per step. At the panel's defaults (lr = 0.1, 40 steps)
 * the path must stay within this distance in (mu, sigma) while gradient descent moves by more
 * than GD_MOVES.
 */
const NG_STAYS = 0.05;
const GD_MOVES = 0.2;

let outDir = '';
let server: Server | undefined;
let baseUrl = '';
let browser: Browser | undefined;
/** One page at 1280x720 shared by the tests (panels are switched through the tabs). */
let main: Page;
const consoleErrors: string[] = [];
const metrics: Record<string, unknown> = {};

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
  return page.evaluate(([p, n]) => (window as any).__infogeo[p][n], [panel, name] as const) as Promise<T>;
}

function maxDeviation(a: number[][], b: number[][]): number {
  let d = 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === undefined || b[i] === undefined) return Infinity;
    d = Math.max(d, Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]));
  }
  return d;
}

/**
 * In the page: runs `act` once per animation frame (as a reader's drag would), timing each run
 * plus a forced style and layout flush with performance.now; `warmup` untimed runs first let the
 * JIT settle. Returns the median and 90th percentile in ms.
 */
async function timeInPage(page: Page, act: string, n: number, warmup = 10): Promise<{ median: number; p90: number; n: number }> {
  return page.evaluate(
    async ([code, count, warm]) => {
      const run = new Function(code as string) as () => void;
      const frame = () => new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      const times: number[] = [];
      for (let i = 0; i < (warm as number) + (count as number); i++) {
        await frame();
        const t0 = performance.now();
        run();
        document.body.getBoundingClientRect(); // flush style and layout inside the measurement
        if (i >= (warm as number)) times.push(performance.now() - t0);
      }
      times.sort((x, y) => x - y);
      return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)], n: times.length };
    },
    [act, n, warmup] as const,
  );
}

/** Shows a panel through its tab, as a reader does, and waits until it is mounted. */
async function showPanel(page: Page, id: string): Promise<void> {
  await page.locator(`#tab-${id}`).click();
  await page.waitForSelector(`section.panel[data-panel="${id}"][data-ready="true"]`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the explorer's browser tests need Debian's chromium (apt-get install -y chromium); npm cannot download browsers here.`);
  }
  outDir = mkdtempSync(join(tmpdir(), 'infogeo-web-'));
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  ({ server, url: baseUrl } = await serveStatic(outDir, 0));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SHOTS, { recursive: true });
  main = await openPage('');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(METRICS, `${JSON.stringify(metrics, null, 2)}\n`);
});

describe('explorer in chromium', () => {
  it('loads with no console errors and lists its panels as tabs', async () => {
    const ids = await main.evaluate(() => (window as any).__infogeo.panels as string[]);
    expect(ids.slice(0, 3)).toEqual(['gaussian', 'simplex', 'dual']);
    expect(await main.locator('[role="tab"]').count()).toBe(ids.length);
    expect(main.url()).toContain('panel=gaussian');
    expect(consoleErrors).toEqual([]);
  });

  it('renders every panel at 1280x720 and 390x844 without horizontal overflow, and saves screenshots', async () => {
    const mobile = await openPage('', { width: 390, height: 844 });
    for (const page of [main, mobile]) {
      const vp = page.viewportSize()!;
      const ids = await page.evaluate(() => (window as any).__infogeo.panels as string[]);
      for (const id of ids) {
        await showPanel(page, id);
        expect(page.url()).toContain(`panel=${id}`);
        const info = await page.evaluate(() => ({
          figures: document.querySelectorAll('#panel svg.plot').length,
          formulas: document.querySelectorAll('#panel .katex').length,
          globalError: document.getElementById('global-message')!.textContent,
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          unlabelled: [...document.querySelectorAll('#panel input, #panel select, #panel button, #panel [tabindex="0"]')].filter((el) => {
            const e = el as HTMLElement;
            const byFor = e.id && document.querySelector(`label[for="${e.id}"]`);
            return !byFor && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !(e.textContent ?? '').trim();
          }).length,
        }));
        expect(info.figures, `${id} draws at least one figure`).toBeGreaterThan(0);
        expect(info.formulas, `${id} shows a formula`).toBeGreaterThan(0);
        expect(info.globalError, `${id} reports no failure`).toBe('');
        expect(info.overflow, `${id} fits ${vp.width} px`).toBeLessThanOrEqual(1);
        expect(info.unlabelled, `${id}: every control has a label`).toBe(0);
        await page.screenshot({ path: join(SHOTS, `${id}-${vp.width}x${vp.height}.png`), fullPage: true });
      }
    }
    await mobile.close();
    expect(consoleErrors).toEqual([]);
  });

  it('switching the parameterisation moves the gradient-descent path and not the natural-gradient path', async () => {
    await showPanel(main, 'gaussian');
    const before = await report<Record<string, number[][]>>(main, 'gaussian', 'paths');
    expect(await report(main, 'gaussian', 'coords')).toBe('sigma');
    const moves: Record<string, { gd: number; ng: number; mirror: number }> = {};
    for (const coords of ['log-sigma', 'variance', 'precision']) {
      await main.getByLabel('GD / NG / Adam parameterisation').selectOption(coords);
      expect(await report(main, 'gaussian', 'coords')).toBe(coords);
      const after = await report<Record<string, number[][]>>(main, 'gaussian', 'paths');
      expect(after.gd.length).toBe(before.gd.length);
      moves[coords] = { gd: maxDeviation(before.gd, after.gd), ng: maxDeviation(before.ng, after.ng), mirror: maxDeviation(before.mirror, after.mirror) };
      expect(moves[coords].gd, `GD moves in ${coords}`).toBeGreaterThan(GD_MOVES);
      expect(moves[coords].ng, `NG stays in ${coords}`).toBeLessThan(NG_STAYS);
      expect(moves[coords].mirror, 'mirror descent does not use the chosen coordinates').toBe(0);
    }
    metrics.parameterisationMoves = moves;
    // The state is in the URL: opening the same address restores the view.
    await expect.poll(() => main.url()).toContain('coords=precision');
    const again = await openPage(main.url().slice(baseUrl.length));
    expect(await report(again, 'gaussian', 'coords')).toBe('precision');
    await again.close();
    expect(consoleErrors).toEqual([]);
  });

  it('recomputes and redraws one interaction in under 16 ms median', async () => {
    await showPanel(main, 'gaussian');
    // Pointer drag of the start point: the start moves and the paths follow.
    const start0 = await report<number[]>(main, 'gaussian', 'start');
    const box = (await main.getByRole('slider', { name: /^start/ }).boundingBox())!;
    await main.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await main.mouse.down();
    await main.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
    await main.mouse.up();
    const start1 = await report<number[]>(main, 'gaussian', 'start');
    expect(start1[0]).toBeGreaterThan(start0[0] + 0.3);
    expect(start1[1]).toBeLessThan(start0[1] - 0.1);
    expect((await report<Record<string, number[][]>>(main, 'gaussian', 'paths')).ng[0][0]).toBeCloseTo(start1[0], 12);

    const key = (label: string, k1: string, k2: string) =>
      `const el = [...document.querySelectorAll('[aria-roledescription="draggable point"]')].find((e) => e.getAttribute('aria-label').startsWith('${label}'));` +
      `window.__flip = !window.__flip; el.dispatchEvent(new KeyboardEvent('keydown', { key: window.__flip ? '${k1}' : '${k2}', bubbles: true }));`;
    const timings: Record<string, { median: number; p90: number; n: number }> = {};
    timings.gaussianDragStart = await timeInPage(main, key('start', 'ArrowRight', 'ArrowLeft'), 50);
    timings.gaussianDragTarget = await timeInPage(main, key('target', 'ArrowUp', 'ArrowDown'), 50);
    timings.gaussianPlayFrame = await timeInPage(main, `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Step').click();`, 50);
    await showPanel(main, 'simplex');
    timings.simplexDrag = await timeInPage(main, key('three-category start', 'ArrowRight', 'ArrowLeft'), 50);
    await showPanel(main, 'dual');
    timings.dualDrag = await timeInPage(main, key('point B in the theta-plane', 'ArrowRight', 'ArrowLeft'), 50);
    metrics.interactionMs = timings;
    console.log('interaction ms (median / p90):', JSON.stringify(timings));
    for (const [name, t] of Object.entries(timings)) expect(t.median, name).toBeLessThan(FRAME_MS);
    expect(consoleErrors).toEqual([]);
  });

  it('keeps working on bad input: sigma dragged to 0, extreme step sizes, a bad link', async () => {
    await showPanel(main, 'gaussian');
    const target = main.getByRole('slider', { name: /^target/ });
    await target.focus();
    for (let i = 0; i < 4; i++) await target.press('Shift+ArrowDown'); // 0.8 - 4 x 0.5: below zero
    const msg = main.locator('section.panel .message');
    await expect.poll(() => msg.textContent()).toMatch(/sigma = -?[0-9.e-]+ is invalid/);
    expect((await report<number[]>(main, 'gaussian', 'target'))[1]).toBeGreaterThan(0);

    const lr = main.getByLabel('Step size');
    await lr.fill('3'); // 10^3, the largest step size
    expect(await report(main, 'gaussian', 'lr')).toBe(1000);
    const stopped = await report<Record<string, string | null>>(main, 'gaussian', 'stopped');
    expect(Object.values(stopped).some((x) => x !== null)).toBe(true);
    expect(await msg.textContent()).toMatch(/smaller step size/);
    await lr.fill('-4');
    expect(await report(main, 'gaussian', 'lr')).toBe(0.0001);
    // Still responsive: a key press moves the start.
    const s0 = await report<number[]>(main, 'gaussian', 'start');
    await main.getByRole('slider', { name: /^start/ }).press('ArrowRight');
    expect((await report<number[]>(main, 'gaussian', 'start'))[0]).toBeCloseTo(s0[0] + 0.05, 10);

    await showPanel(main, 'dual');
    const b = main.getByRole('slider', { name: 'point B in the theta-plane: drag, or use the arrow keys' });
    await b.focus();
    for (let i = 0; i < 10; i++) await b.press('Shift+ArrowUp'); // theta2 >= 0 is outside the family
    expect(await main.locator('section.panel .message').textContent()).toMatch(/invalid|outside|expected/);
    expect(await report<number>(main, 'dual', 'bregman')).toBeGreaterThan(0);

    const bad = await openPage('?panel=gaussian&lr=abc&tsig=-1&coords=nonsense');
    expect(await report(bad, 'gaussian', 'lr')).toBe(0.1);
    expect(await report(bad, 'gaussian', 'coords')).toBe('sigma');
    expect(await bad.locator('section.panel .message').textContent()).toMatch(/target sigma -1 from the link is out of range/);
    await bad.close();
    expect(consoleErrors).toEqual([]);
  });

  it('shows the identities it claims: EG equals NG in logits, the Bregman gap equals KL', async () => {
    await showPanel(main, 'simplex');
    const diff = await report<number>(main, 'simplex', 'egVsNgMaxDiff');
    expect(diff).toBeLessThan(1e-12);
    metrics.egVsNgMaxDiff = diff;
    await showPanel(main, 'dual');
    const gap = await report<number>(main, 'dual', 'bregman');
    const klAB = await report<number>(main, 'dual', 'klAB');
    expect(Math.abs(gap - klAB)).toBeLessThanOrEqual(1e-12 * klAB);
  });

  it('plays, pauses and resets from the keyboard', async () => {
    await showPanel(main, 'gaussian');
    const play = main.getByRole('button', { name: /^Play/ });
    await play.focus();
    await main.keyboard.press('Enter');
    await expect.poll(() => report<number>(main, 'gaussian', 'steps')).toBeGreaterThan(45);
    expect(await play.getAttribute('aria-pressed')).toBe('true');
    await main.keyboard.press('Enter');
    expect(await play.getAttribute('aria-pressed')).toBe('false');
    const paused = await report<number>(main, 'gaussian', 'steps');
    const paths = await report<Record<string, number[][]>>(main, 'gaussian', 'paths');
    expect(paths.ng.length).toBe(paused + 1);
    await main.getByRole('button', { name: /^Reset/ }).click();
    expect(await report<number>(main, 'gaussian', 'steps')).toBe(0);
    expect((await report<Record<string, number[][]>>(main, 'gaussian', 'paths')).gd.length).toBe(1);
  });

  it('switches panels with the keyboard and records the panel in the URL', async () => {
    await showPanel(main, 'gaussian');
    await main.getByRole('tab', { name: 'Natural vs ordinary gradient' }).focus();
    await main.keyboard.press('ArrowRight');
    await main.waitForSelector('section.panel[data-panel="simplex"][data-ready="true"]');
    expect(main.url()).toContain('panel=simplex');
    expect(await main.getByRole('tab', { name: 'Bernoulli and simplex' }).getAttribute('aria-selected')).toBe('true');
    await main.goBack();
    await main.waitForSelector('section.panel[data-panel="gaussian"]');
    expect(consoleErrors).toEqual([]);
  });

  it('ships a production bundle of at most 250 kB gzip without fonts', () => {
    const sizes: Record<string, number> = {};
    let total = 0;
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (!['.woff', '.woff2', '.ttf', '.otf', '.eot'].includes(extname(name))) {
          const gz = gzipSync(readFileSync(path), { level: 9 }).length;
          sizes[path.slice(outDir.length + 1)] = gz;
          total += gz;
        }
      }
    };
    walk(outDir);
    metrics.bundleGzipBytes = { total, files: sizes };
    console.log(`bundle gzip without fonts: ${(total / 1000).toFixed(1)} kB`, JSON.stringify(sizes));
    expect(total).toBeLessThanOrEqual(BUNDLE_LIMIT_BYTES);
  });
});
