import { describe, expect, it } from 'vitest';
import { LAYOUTS, layoutFor, parseFitMode, planStage } from './stage.ts';

describe('any wall: a layout for the display’s shape, scaled by one factor', () => {
  it('picks a layout by aspect ratio', () => {
    expect([1080 / 1920, 1024 / 768, 1920 / 1080, 2560 / 1080, 3840 / 1080, 6656 / 1792].map(layoutFor)).toEqual(['portrait', 'square', 'standard', 'wide', 'ultrawide', 'ultrawide']);
  });

  it('fills the display exactly in fit mode: 1080 units high (wide when portrait), as wide as the shape', () => {
    expect(planStage(1920, 1080)).toEqual({ layout: 'standard', width: 1920, height: 1080, scale: 1, left: 0, top: 0 });
    expect(planStage(3840, 2160)).toEqual({ layout: 'standard', width: 1920, height: 1080, scale: 2, left: 0, top: 0 });
    expect(planStage(3840, 1080)).toEqual({ layout: 'ultrawide', width: 3840, height: 1080, scale: 1, left: 0, top: 0 });
    const wall = planStage(6656, 1792);
    expect(wall.layout).toBe('ultrawide');
    expect(wall.height).toBe(1080);
    expect(wall.width * wall.scale).toBeCloseTo(6656, 6);
    expect(wall.height * wall.scale).toBeCloseTo(1792, 6);
    const portrait = planStage(1080, 1920);
    expect(portrait).toMatchObject({ layout: 'portrait', width: 1080, height: 1920, scale: 1 });
  });

  it('shows the 16:9 layout whole (letterbox) or covering the display (fill)', () => {
    expect(planStage(1024, 768, 'letterbox')).toEqual({ layout: 'standard', width: 1920, height: 1080, scale: 1024 / 1920, left: 0, top: 96 });
    const fill = planStage(1024, 768, 'fill');
    expect(fill.scale).toBeCloseTo(768 / 1080, 9);
    expect(fill.left).toBeLessThan(0);
    expect(fill.top).toBe(0);
    expect(parseFitMode('fill')).toBe('fill');
    expect(parseFitMode('stretch')).toBe('fit');
    expect(parseFitMode(null)).toBe('fit');
  });

  it('places every panel exactly once in every layout', () => {
    for (const [name, layout] of Object.entries(LAYOUTS)) {
      const panels = layout.slots.flat().map(([id]) => id).sort();
      expect(panels, name).toEqual(['categories', 'farm', 'gmv', 'hours', 'map', 'party', 'rank', 'support']);
      expect(layout.columns.split(' ').length, name).toBe(layout.slots.length);
    }
  });
});
