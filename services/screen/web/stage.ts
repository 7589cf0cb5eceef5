export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

/** Scales the fixed 1920x1080 stage to the window, letterboxed and centred; returns the scale. */
export function fitStage(stage: HTMLElement): number {
  const scale = Math.min(window.innerWidth / STAGE_WIDTH, window.innerHeight / STAGE_HEIGHT);
  const left = (window.innerWidth - STAGE_WIDTH * scale) / 2;
  const top = (window.innerHeight - STAGE_HEIGHT * scale) / 2;
  stage.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  return scale;
}
