/**
 * A rolling counter: the number in `el` runs from what it shows to the new value (ease-out,
 * `durationMs`), then shows exactly the new value. One animation frame loop at a time per
 * counter, nothing kept between updates, so it runs for weeks without growing.
 */
export class RollingCounter {
  private shown: number;
  private from = 0;
  private target: number;
  private startedAt = 0;
  private frame = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly format: (value: number) => string,
    private readonly durationMs = 500,
    initial = 0,
  ) {
    this.shown = initial;
    this.target = initial;
    this.el.textContent = format(initial);
  }

  set(value: number): void {
    this.el.dataset.value = String(value);
    if (value === this.target) return;
    this.from = this.shown;
    this.target = value;
    this.startedAt = performance.now();
    // A hidden tab gets no frames: jump, the next visible frame shows the exact value anyway.
    if (document.hidden) return this.finish();
    if (!this.frame) this.frame = requestAnimationFrame(this.tick);
  }

  private readonly tick = (now: number): void => {
    const t = Math.min(1, (now - this.startedAt) / this.durationMs);
    if (t >= 1) return this.finish();
    const eased = 1 - (1 - t) ** 3;
    this.shown = Math.round(this.from + (this.target - this.from) * eased);
    this.el.textContent = this.format(this.shown);
    this.frame = requestAnimationFrame(this.tick);
  };

  private finish(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.shown = this.target;
    this.el.textContent = this.format(this.target);
  }
}
