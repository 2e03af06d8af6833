/**
 * A reader/writer lock for async code, with the guarantee Go's sync.RWMutex
 * gives: once a writer waits, new readers queue behind it, so writers are
 * not starved. Node runs one thread, so the lock guards the awaits in
 * between, not memory.
 */
export class RWMutex {
  private readers = 0;
  private writer = false;
  private readonly queue: { write: boolean; resume: () => void }[] = [];

  /** Waits for shared access. */
  async rLock(): Promise<void> {
    if (!this.writer && this.queue.length === 0) {
      this.readers += 1;
      return;
    }

    await new Promise<void>((resume) => this.queue.push({ write: false, resume }));
  }

  rUnlock(): void {
    this.readers -= 1;
    this.wake();
  }

  /** Waits for exclusive access. */
  async lock(): Promise<void> {
    if (!this.writer && this.readers === 0 && this.queue.length === 0) {
      this.writer = true;
      return;
    }

    await new Promise<void>((resume) => this.queue.push({ write: true, resume }));
  }

  unlock(): void {
    this.writer = false;
    this.wake();
  }

  private wake(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0]!;

      if (next.write) {
        if (this.readers > 0) {
          return;
        }
        this.queue.shift();
        this.writer = true;
        next.resume();
        return;
      }

      this.queue.shift();
      this.readers += 1;
      next.resume();
    }
  }
}
