import { Header } from '../../go/net/http/header.ts';
import type { ResponseWriter } from '../../go/net/http/request.ts';

/**
 * A ResponseWriter that keeps status, headers and body, for handing the
 * daemon's response back through msw. Like Go's, a write before any
 * writeHeader sends 200, and a second writeHeader is ignored.
 */
export class ResponseRecorder implements ResponseWriter {
  statusCode = 200;
  readonly chunks: Buffer[] = [];
  private readonly headers = new Header();
  private wroteHeader = false;

  header(): Header {
    return this.headers;
  }

  writeHeader(statusCode: number): void {
    if (this.wroteHeader) {
      return;
    }

    this.statusCode = statusCode;
    this.wroteHeader = true;
  }

  write(chunk: Uint8Array | string): void {
    this.writeHeader(200);
    this.chunks.push(Buffer.from(chunk));
  }

  /** Converts the recorded response to a WHATWG Response, for msw. */
  toResponse(): Response {
    const headers = new Headers();

    for (const [key, values] of this.headers.entries()) {
      for (const value of values) {
        headers.append(key, value);
      }
    }

    const body = this.chunks.length === 0 ? null : Buffer.concat(this.chunks);
    const nullBodyStatus = this.statusCode === 204 || this.statusCode === 304;

    return new Response(nullBodyStatus ? null : body, { status: this.statusCode, headers });
  }
}
