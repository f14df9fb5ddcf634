/**
 * The simulator's clock for listed orders (listed-*.ts): which orders exist yet, and how far each
 * has got (paid, refund finished, sharing done). Real time by default; a test freezes it
 * (`now` option, `setNow`) or moves it on (`advanceClock`) to make orders appear and change.
 * Tokens keep to real time.
 */
export class SimClock {
  private frozen: number | undefined;
  private offset = 0;

  constructor(private readonly start: number | undefined) {
    this.frozen = start;
  }

  /** Unix seconds. */
  now(): number {
    return this.frozen ?? Math.floor(Date.now() / 1000) + this.offset;
  }

  /** Freezes the clock at `now` (unix seconds), or back to real time with `null`. */
  set(now: number | null): void {
    this.frozen = now ?? undefined;
    this.offset = 0;
  }

  /** Moves the clock on (or back, negative) by `seconds`, frozen or not. */
  advance(seconds: number): void {
    if (this.frozen === undefined) this.offset += seconds;
    else this.frozen += seconds;
  }

  /** As at start: frozen at the `now` option, or real time. */
  reset(): void {
    this.frozen = this.start;
    this.offset = 0;
  }
}
