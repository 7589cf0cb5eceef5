/**
 * Any wall: the page lays its panels out for the display's shape instead of scaling one
 * 1920x1080 picture. Each layout is designed for a height of 1080 units (a width of 1080 when
 * portrait) and as wide (tall) as the display's aspect ratio makes it, so the stage is scaled by
 * one uniform factor — text and charts are never stretched, only made larger or smaller — and a
 * 6656x1792 wall gets five columns rather than a 16:9 picture with black bars.
 *
 * Modes: `fit` (default) adapts the layout to the display and fills it exactly; `letterbox`
 * shows the classic 16:9 layout whole, centred, with bars; `fill` shows the 16:9 layout covering
 * the display, centred, cropping what overflows.
 */

export const DESIGN = 1080;
export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

export type FitMode = 'fit' | 'fill' | 'letterbox';
export const FIT_MODES: readonly FitMode[] = ['fit', 'fill', 'letterbox'];
export type LayoutName = 'portrait' | 'square' | 'standard' | 'wide' | 'ultrawide';

/** A panel in a column: a flex weight, or a fixed height in design units. */
type Slot = [panel: PanelId, size: number | `${number}px`];
export type PanelId = 'gmv' | 'hours' | 'categories' | 'map' | 'farm' | 'rank' | 'party' | 'support' | 'live';
interface Layout {
  /** CSS grid columns in design units. */
  columns: string;
  slots: Slot[][];
}

/** The classic 16:9 arrangement: sales left, the map and farm sales in the middle, rankings and Party right. */
function threeColumns(side: string, farm: `${number}px`): Layout {
  return {
    columns: `${side} 1fr ${side}`,
    slots: [
      [['gmv', '300px'], ['hours', 1], ['categories', 1]],
      [['map', 1], ['farm', farm]],
      [['rank', 1.6], ['party', '190px'], ['support', '220px']],
    ],
  };
}

/**
 * The layouts. Fixed heights keep figure tiles (GMV, farm, Party, services) at the size their text
 * was designed for; charts take what is left.
 */
export const LAYOUTS: Record<LayoutName, Layout> = {
  portrait: {
    columns: '1fr 1fr',
    slots: [
      [['gmv', '300px'], ['map', 2], ['hours', 1], ['farm', '240px']],
      [['rank', 2], ['categories', 1], ['party', '190px'], ['support', '220px']],
    ],
  },
  square: threeColumns('450px', '240px'),
  standard: threeColumns('540px', '170px'),
  wide: {
    columns: '540px 1fr 540px 480px',
    slots: [
      [['gmv', '300px'], ['hours', 1], ['categories', 1]],
      [['map', 1], ['farm', '170px']],
      [['rank', 1]],
      [['party', 1], ['support', 1]],
    ],
  },
  ultrawide: {
    columns: '600px 600px 1fr 600px 560px',
    slots: [
      [['gmv', '300px'], ['hours', 1]],
      [['categories', 1], ['farm', '300px']],
      [['map', 1]],
      [['rank', 1]],
      [['party', 1], ['support', 1]],
    ],
  },
};

export interface StagePlan {
  layout: LayoutName;
  /** The stage's size in design units (CSS pixels before the transform). */
  width: number;
  height: number;
  /** The one factor the stage is scaled by (never two). */
  scale: number;
  left: number;
  top: number;
}

/** Width over height → the layout designed for that shape. */
export function layoutFor(aspect: number): LayoutName {
  if (aspect < 0.9) return 'portrait';
  if (aspect < 1.55) return 'square';
  if (aspect < 2.1) return 'standard';
  if (aspect < 2.9) return 'wide';
  return 'ultrawide';
}

/** Where the stage goes on a `width`x`height` display (CSS pixels) in `mode`. Pure. */
export function planStage(width: number, height: number, mode: FitMode = 'fit'): StagePlan {
  if (mode !== 'fit') {
    const scale = (mode === 'letterbox' ? Math.min : Math.max)(width / STAGE_WIDTH, height / STAGE_HEIGHT);
    return { layout: 'standard', width: STAGE_WIDTH, height: STAGE_HEIGHT, scale, left: (width - STAGE_WIDTH * scale) / 2, top: (height - STAGE_HEIGHT * scale) / 2 };
  }
  const aspect = width / height;
  const layout = layoutFor(aspect);
  // Landscape layouts are 1080 high and as wide as the display's shape; portrait 1080 wide.
  if (layout === 'portrait') {
    const scale = width / DESIGN;
    return { layout, width: DESIGN, height: height / scale, scale, left: 0, top: 0 };
  }
  const scale = height / DESIGN;
  return { layout, width: width / scale, height: DESIGN, scale, left: 0, top: 0 };
}

/** `?fit=letterbox` (or the hall's configured mode) → a mode; anything else → `fit`. */
export const parseFitMode = (value: string | null | undefined): FitMode => (FIT_MODES as readonly string[]).includes(value ?? '') ? (value as FitMode) : 'fit';

/**
 * Lays the stage out for the window: its size, one uniform scale, and the panels moved into the
 * layout's columns (only when the layout changes: a move is a DOM change, done rarely).
 */
export function fitStage(stage: HTMLElement, mode: FitMode = 'fit', win: { innerWidth: number; innerHeight: number } = window, focus?: PanelId): StagePlan {
  const plan = planStage(win.innerWidth, win.innerHeight, mode);
  stage.style.width = `${plan.width}px`;
  stage.style.height = `${plan.height}px`;
  stage.style.transform = `translate(${plan.left}px, ${plan.top}px) scale(${plan.scale})`;
  stage.dataset.mode = mode;
  if (stage.dataset.layout !== plan.layout || (stage.dataset.focus ?? '') !== (focus ?? '')) {
    arrange(stage, LAYOUTS[plan.layout], focus);
    stage.dataset.layout = plan.layout;
    stage.dataset.focus = focus ?? '';
  }
  return plan;
}

/** A playlist page's panel is brought forward: it takes most of its column's height. */
const FOCUS_WEIGHT = 4;

function arrange(stage: HTMLElement, layout: Layout, focus?: PanelId): void {
  stage.style.gridTemplateColumns = layout.columns;
  const columns = [...stage.querySelectorAll<HTMLElement>(':scope > section.col')];
  while (columns.length < layout.slots.length) {
    const col = document.createElement('section');
    col.className = 'col';
    stage.insertBefore(col, stage.querySelector(':scope > .notice'));
    columns.push(col);
  }
  // The "live now" panel is shown only on its playlist page, where it takes the map's place.
  const placed = new Set<string>();
  layout.slots.forEach((slots, i) => {
    const col = columns[i]!;
    col.hidden = false;
    for (const [slot, size] of slots) {
      const id = focus === 'live' && slot === 'map' ? 'live' : slot;
      const panel = stage.querySelector<HTMLElement>(`[data-panel="${id}"]`);
      if (!panel) continue;
      placed.add(id);
      panel.hidden = false;
      panel.style.flex = id === focus ? `${FOCUS_WEIGHT} 1 0` : typeof size === 'number' ? `${size} 1 0` : `0 0 ${size}`;
      panel.classList.toggle('focus', id === focus);
      col.append(panel);
    }
  });
  for (const col of columns.slice(layout.slots.length)) col.hidden = true;
  for (const panel of stage.querySelectorAll<HTMLElement>('[data-panel]')) {
    if (placed.has(panel.dataset.panel!)) continue;
    panel.hidden = true;
    panel.classList.remove('focus');
  }
}
