import { describe, expect, it } from 'vitest';
import { pagesAt, Rotation, type PlaylistHall, type PlaylistPage, type Timers } from './playlist.ts';

const page = (kind: PlaylistPage['kind'], seconds: number, label = '兰山区'): PlaylistPage => ({ kind, seconds, scope: { regionCode: '371302' }, label, title: '大屏' });

/** Timers driven by the test: `advance(ms)` runs what falls due, in order. */
function fakeTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => now,
    set: (fn, ms) => (queue.push({ at: now + ms, fn, id: ++ids }), ids),
    clear: (id) => void (queue = queue.filter((t) => t.id !== id)),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = queue.sort((a, b) => a.at - b.at)[0];
        if (!next || next.at > end) break;
        queue = queue.filter((t) => t !== next);
        now = next.at;
        next.fn();
      }
      now = end;
    },
  };
}

describe('a hall’s playlist', () => {
  it('shows each page for its own duration, round and round', () => {
    const timers = fakeTimers();
    const shown: string[] = [];
    const pages = [page('overview', 30), page('farm', 10), page('ranking', 20)];
    new Rotation(() => pages, (p, i) => shown.push(`${i}:${p.kind}@${timers.now() / 1000}`), timers).start();
    timers.advance(125_000);
    expect(shown).toEqual(['0:overview@0', '1:farm@30', '2:ranking@40', '0:overview@60', '1:farm@90', '2:ranking@100', '0:overview@120']);
  });

  it('holds the page while touched, and goes on after the last touch', () => {
    const timers = fakeTimers();
    const shown: number[] = [];
    const rotation = new Rotation(() => [page('overview', 10), page('farm', 10)], (_p, i) => shown.push(i), timers);
    rotation.start();
    timers.advance(5000);
    rotation.touch(30_000); // held until 35 s
    timers.advance(20_000);
    rotation.touch(30_000); // touched again at 25 s: held until 55 s
    expect(rotation.paused).toBe(true);
    timers.advance(29_000);
    expect(shown).toEqual([0]);
    timers.advance(1000);
    expect(shown).toEqual([0, 1]);
    expect(rotation.paused).toBe(false);
  });

  it('follows the day plan, over midnight too, and starts a changed list from its first page', () => {
    const hall: PlaylistHall = {
      id: 'h',
      title: '大屏',
      fit: 'fit',
      pages: [page('overview', 10, 'day')],
      dayPlan: [
        { from: '18:00', to: '23:30', pages: [page('ranking', 10, 'evening')] },
        { from: '23:30', to: '06:00', pages: [page('farm', 10, 'night')] },
      ],
      version: '1',
    };
    const at = (hhmm: string) => pagesAt(hall, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)))[0]!.label;
    expect(['09:00', '17:59', '18:00', '23:29', '23:30', '02:00', '05:59', '06:00'].map(at)).toEqual(['day', 'day', 'evening', 'evening', 'night', 'night', 'night', 'day']);

    const timers = fakeTimers();
    let list = [page('overview', 10, 'a'), page('farm', 10, 'a')];
    const shown: string[] = [];
    const rotation = new Rotation(() => list, (p, i) => shown.push(`${i}${p.label}`), timers);
    rotation.start();
    timers.advance(10_000);
    list = [page('ranking', 10, 'b'), page('overview', 10, 'b')];
    timers.advance(10_000);
    expect(shown).toEqual(['0a', '1a', '0b']);
    rotation.restart();
    expect(shown).toEqual(['0a', '1a', '0b', '0b']);
  });
});
