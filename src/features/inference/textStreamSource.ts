/**
 * A web stream of text as papaparse streams from it: papaparse reads Node-style readables (`on`,
 * `pause`, `resume`), and the browser's decompressed uploads are web streams. Chunks are handed
 * over one at a time and parsed as they arrive, so a file of any size goes through in bounded
 * memory. The first piece handed over holds at least FIRST_PIECE characters (or the whole text),
 * since papaparse guesses the line break and the separator from it. Papaparse's abort() does not
 * stop its input: call stop() with it.
 */
type Listener = (value?: unknown) => void;

/** Characters papaparse sees in its first piece: many lines, whatever the decompressor yields. */
const FIRST_PIECE = 64 * 1024;

export class TextStreamSource {
  /** What papaparse checks to treat the input as a stream. */
  readonly readable = true;
  private readonly listeners = new Map<string, Set<Listener>>();
  private paused = false;
  private pumping = false;
  private stopped = false;
  private started = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<string>) {}

  /** Papaparse checks that it exists; chunks come through 'data' events instead. */
  read(): null {
    return null;
  }

  on(event: 'data' | 'end' | 'error', listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    if (event === 'data') void this.pump();
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    void this.pump();
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  /** Stops reading: the rest of the stream is cancelled and no more events come. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.reader.cancel().catch(() => undefined);
  }

  private emit(event: string, value?: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(value);
  }

  /** The first text read, extended until it holds FIRST_PIECE characters or the stream ends. */
  private async firstPiece(first: string): Promise<string> {
    let text = first;
    while (text.length < FIRST_PIECE) {
      const { done, value } = await this.reader.read();
      if (done) break;
      text += value;
    }
    return text;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.paused && !this.stopped) {
        const { done, value } = await this.reader.read();
        // stop() may have come while the read was pending.
        if (this.isStopped()) return;
        if (done) {
          this.emit('end');
          return;
        }
        this.emit('data', this.started ? value : await this.firstPiece(value));
        this.started = true;
      }
    } catch (error) {
      this.emit('error', error);
    } finally {
      this.pumping = false;
    }
  }
}
