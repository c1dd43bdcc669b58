import { Transform, TransformCallback } from 'stream';

/**
 * Node's HTTP parser (llhttp) rejects the LIST method with 400 before any handler runs, and
 * Vault clients use LIST. This rewrites the request line of LIST requests to GET and adds a
 * header carrying the original method, which the app turns back into LIST. It follows HTTP/1.1
 * framing (Content-Length and chunked bodies) so keep-alive connections stay aligned.
 */
export const ORIGINAL_METHOD_HEADER = 'x-vault-stand-in-method';

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type Mode =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number; then: 'head' | 'chunk-size' }
  | { kind: 'chunk-size' }
  | { kind: 'trailer' }
  | { kind: 'passthrough' };

function rewriteHead(head: string): { head: string; mode: Mode } {
  let text = head;
  const match = /^((?:\r\n)*)LIST /.exec(text);
  if (match) {
    const lineEnd = text.indexOf('\r\n', match[0].length);
    text = `${match[1]}GET ${text.slice(
      match[0].length,
      lineEnd,
    )}\r\n${ORIGINAL_METHOD_HEADER}: LIST${text.slice(lineEnd)}`;
  }
  const headers = text.split('\r\n').slice(1);
  const value = (name: string) =>
    headers
      .filter(h => h.toLowerCase().startsWith(`${name}:`))
      .map(h =>
        h
          .slice(name.length + 1)
          .trim()
          .toLowerCase(),
      );
  if (/^(?:\r\n)*CONNECT /.test(text) || value('upgrade').length > 0) {
    return { head: text, mode: { kind: 'passthrough' } };
  }
  if (value('transfer-encoding').some(v => v.includes('chunked'))) {
    return { head: text, mode: { kind: 'chunk-size' } };
  }
  const length = Number(value('content-length')[0] ?? 0);
  if (Number.isInteger(length) && length > 0) {
    return {
      head: text,
      mode: { kind: 'body', remaining: length, then: 'head' },
    };
  }
  return { head: text, mode: { kind: 'head' } };
}

export class ListMethodRewriter extends Transform {
  private buffer = Buffer.alloc(0);
  private mode: Mode = { kind: 'head' };

  _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.drain();
    callback();
  }

  _flush(callback: TransformCallback): void {
    if (this.buffer.length) this.push(this.buffer);
    this.buffer = Buffer.alloc(0);
    callback();
  }

  private takeBytes(length: number): Buffer {
    const out = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return out;
  }

  private drain(): void {
    for (;;) {
      if (this.buffer.length === 0) return;
      const mode = this.mode;
      switch (mode.kind) {
        case 'passthrough':
          this.push(this.takeBytes(this.buffer.length));
          return;
        case 'head': {
          const end = this.buffer.indexOf(HEAD_END);
          if (end === -1) {
            // Not a request head we can frame; let Node's parser reject it.
            if (this.buffer.length > MAX_HEAD_BYTES)
              this.mode = { kind: 'passthrough' };
            else return;
            break;
          }
          const rewritten = rewriteHead(
            this.takeBytes(end + HEAD_END.length).toString('latin1'),
          );
          this.push(Buffer.from(rewritten.head, 'latin1'));
          this.mode = rewritten.mode;
          break;
        }
        case 'body': {
          const part = this.takeBytes(
            Math.min(mode.remaining, this.buffer.length),
          );
          this.push(part);
          const remaining = mode.remaining - part.length;
          if (remaining > 0) this.mode = { ...mode, remaining };
          else this.mode = { kind: mode.then };
          break;
        }
        case 'chunk-size': {
          const end = this.buffer.indexOf(CRLF);
          if (end === -1) return;
          const line = this.takeBytes(end + CRLF.length);
          this.push(line);
          const size = parseInt(
            line.toString('latin1').split(';')[0].trim(),
            16,
          );
          if (Number.isNaN(size)) this.mode = { kind: 'passthrough' };
          else if (size === 0) this.mode = { kind: 'trailer' };
          // The chunk's data is followed by its own CRLF.
          else
            this.mode = {
              kind: 'body',
              remaining: size + 2,
              then: 'chunk-size',
            };
          break;
        }
        case 'trailer': {
          const end = this.buffer.indexOf(CRLF);
          if (end === -1) return;
          this.push(this.takeBytes(end + CRLF.length));
          if (end === 0) this.mode = { kind: 'head' };
          break;
        }
        default:
          return;
      }
    }
  }
}
