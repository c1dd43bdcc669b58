import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '@backstage/errors';
import type {
  EpssSnapshot,
  ExploitFeedRead,
} from '@posture/backstage-plugin-security-node';
import { EpssParser } from './EpssParser';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads an EPSS file from its bytes as they come (a file stream, or a downloaded body):
 * hashes them as received, gunzips them when they start with gzip's magic bytes (FIRST
 * serves `.csv.gz`; a plain `.csv` works too), splits lines and checks each one. Nothing is
 * returned unless the whole file is valid: a problem throws an `InputError` naming the line,
 * a broken gzip stream one saying so.
 */
export async function readEpssStream(
  source: AsyncIterable<Uint8Array>,
): Promise<ExploitFeedRead<EpssSnapshot>> {
  const hash = createHash('sha256');
  const iterator = source[Symbol.asyncIterator]();
  // Enough of the start to recognise gzip.
  let head = Buffer.alloc(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) {
        hash.update(head);
        yield head;
      }
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        hash.update(next.value);
        yield Buffer.from(next.value);
      }
    } finally {
      // Stopped early by a bad line: let the source (a file stream) close now.
      await iterator.return?.();
    }
  }

  const parser = new EpssParser();
  const decoder = new StringDecoder('utf8');
  const parse = async (text: AsyncIterable<Buffer>) => {
    for await (const chunk of text) parser.write(decoder.write(chunk));
    parser.write(decoder.end());
  };
  const gzipped = GZIP_MAGIC.every((byte, i) => head[i] === byte);
  try {
    if (gzipped) {
      await pipeline(bytes(), createGunzip(), parse);
    } else {
      await parse(bytes());
    }
  } catch (error) {
    if (isZlibError(error)) {
      throw new InputError(
        `Invalid EPSS file: not a readable gzip stream (${
          (error as Error).message
        })`,
      );
    }
    throw error;
  }
  const data = parser.end();
  return { sha256: hash.digest('hex'), data };
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
