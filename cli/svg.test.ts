import { describe, expect, it } from 'vitest';
import { DASHES, OKABE_ITO, escapeXml, svgLinePlot, ticks } from './svg.js';

describe('svg line plot', () => {
  it('ticks are round numbers 1, 2 or 5 times a power of ten apart, covering the range', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(ticks(-3, 17)).toEqual([-5, 0, 5, 10, 15].filter((v) => v >= -3));
    expect(ticks(2, 2)).toEqual([2]);
  });

  it('escapes text', () => {
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });

  it('draws one polyline per series with its colour and dash, a legend, and marks; skips non-finite points', () => {
    const svg = svgLinePlot({
      title: 'T <1>',
      xLabel: 'mu',
      yLabel: 'sigma',
      series: [
        { label: 'ng / sigma', color: OKABE_ITO[0], points: [[0, 1], [1, 2], [NaN, 3]] },
        { label: 'gd / log-sigma', color: OKABE_ITO[1], dash: DASHES[1], points: [[0, 1], [2, 0.5]] },
      ],
      marks: [{ label: 'minimum', x: 2, y: 0.5 }, { label: 'start', x: 0, y: 1, shape: 'dot' }],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline/g)!.length).toBe(2);
    expect(svg).toContain(`stroke="${OKABE_ITO[0]}"`);
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(svg).toContain('>ng / sigma</text>');
    expect(svg).toContain('>minimum</text>');
    expect(svg).toContain('T &lt;1&gt;');
    expect(svg).not.toContain('NaN');
    const first = /<polyline[^>]*points="([^"]*)"/.exec(svg)![1];
    expect(first.split(' ').length).toBe(2);
  });

  it('an empty plot still renders axes', () => {
    const svg = svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [] });
    expect(svg).toContain('<rect');
    expect(svg).not.toContain('<polyline');
  });
});
