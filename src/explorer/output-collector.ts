import { Writable } from 'node:stream';

/** A Writable that keeps what is written, for capturing the CLI's stdout or stderr. */
export function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });

  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
