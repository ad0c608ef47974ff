import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from './train.js';
import { OKABE_ITO } from './svg.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await trainCommand(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

const quick = ['--size', 'small', '--examples', '300', '--batch', '50', '--eval-every', '2', '--no-progress'];

describe('infogeo train', () => {
  it('runs several optimisers side by side: summary table, loss curves as SVG, numbers as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infogeo-train-'));
    const r = await capture([...quick, '--optimizer', 'kfac,adam', '--steps', '4', '--out', dir, '--checkpoint-every', '0']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/optimizer\s+steps\s+final loss\s+best loss\s+ms\/step\s+vs adam\s+seconds\s+recoveries/);
    expect(r.out).toMatch(/^kfac\s+4\s/m);
    expect(r.out).toMatch(/^adam\s+4\s.*1\.00x/m);
    const svg = readFileSync(join(dir, 'loss.svg'), 'utf8');
    expect(svg.match(/<polyline/g)!.length).toBe(2);
    expect(svg).toContain(OKABE_ITO[0]);
    expect(svg).toContain('autoencoder 49-32-16-8-16-32-49');
    expect(existsSync(join(dir, 'loss-time.svg'))).toBe(true);
    const j = JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8'));
    expect(j.runs.map((x: { optimizer: string }) => x.optimizer)).toEqual(['kfac', 'adam']);
    expect(j.runs[0].evalStep).toEqual([0, 2, 4]);
    expect(j.runs[0].evalLoss.every(Number.isFinite)).toBe(true);
    expect(j.backend).toBe('wasm');
  });

  it('checkpoints and resumes: a second invocation with more steps continues from the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infogeo-train-'));
    const a = await capture([...quick, '--model', 'classifier', '--optimizer', 'shampoo', '--steps', '4', '--out', dir, '--checkpoint-every', '2', '--json']);
    expect(a.code).toBe(0);
    expect(existsSync(join(dir, 'shampoo.ckpt.json'))).toBe(true);
    const b = await capture([...quick, '--model', 'classifier', '--optimizer', 'shampoo', '--steps', '6', '--out', dir, '--checkpoint-every', '2', '--resume', '--json']);
    expect(b.code).toBe(0);
    const run = JSON.parse(b.out).runs[0];
    expect(run.resumedFrom).toBe(4);
    expect(run.steps).toBe(6);
    expect(run.batchLoss.length).toBe(6);
    expect(b.err).toMatch(/resumed from .*shampoo.ckpt.json at step 4/);
  });

  it('usage errors exit with status 2 and a message', async () => {
    expect((await capture(['--optimizer', 'lbfgs'])).err).toMatch(/unknown optimizer 'lbfgs'/);
    expect((await capture(['--model', 'resnet'])).code).toBe(2);
    expect((await capture(['--steps', '0'])).err).toMatch(/--steps must be an integer/);
    expect((await capture(['--bogus'])).code).toBe(2);
    const h = await capture(['--help']);
    expect(h.code).toBe(0);
    expect(h.out).toContain('infogeo train');
  });
});
