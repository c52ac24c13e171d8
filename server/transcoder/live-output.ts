import { Readable } from 'node:stream';

/**
 * One transcode's output while it runs, for every listener: each reader gets what was produced so far, then the
 * rest as it comes. Voicemail is small (48 kbit/s: ~1 MB for 3 minutes), so the bytes are kept until it ends.
 */
export class LiveOutput {
  private readonly chunks: Buffer[] = [];
  private readonly readers = new Set<Readable>();
  private ended = false;
  private failure: Error | null = null;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    for (const reader of this.readers) reader.push(chunk);
  }

  end(): void {
    this.ended = true;
    for (const reader of this.readers) reader.push(null);
    this.readers.clear();
  }

  fail(error: Error): void {
    this.failure = error;
    for (const reader of this.readers) reader.destroy(error);
    this.readers.clear();
  }

  /** A reader of everything so far, as one chunk (a player appends each chunk it reads), then the rest. */
  open(): Readable {
    const reader = new Readable({ read() {} });
    if (this.chunks.length > 0) reader.push(Buffer.concat(this.chunks));
    if (this.failure) reader.destroy(this.failure);
    else if (this.ended) reader.push(null);
    else {
      this.readers.add(reader);
      reader.once('close', () => this.readers.delete(reader));
    }
    return reader;
  }
}
