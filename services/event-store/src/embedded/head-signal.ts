/**
 * The newest committed position, with waiters woken when it moves. Appends advance it after
 * their transaction commits, so a subscriber woken here always finds the events in the table.
 */
export class HeadSignal {
  private waiters = new Set<() => void>();
  private closed = false;

  constructor(private head: bigint) {}

  get current(): bigint {
    return this.head;
  }

  advanceTo(position: bigint): void {
    if (position <= this.head) return;
    this.head = position;
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
  }

  /** Resolves true once the head is beyond `position`; false when aborted or closed. */
  waitBeyond(position: bigint, signal?: AbortSignal): Promise<boolean> {
    if (this.head > position) return Promise.resolve(true);
    if (this.closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(!this.closed);
      };
      const onAbort = () => {
        this.waiters.delete(wake);
        resolve(false);
      };
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    this.advanceTo(this.head + 1n); // wake everyone; they see `closed`
  }
}
