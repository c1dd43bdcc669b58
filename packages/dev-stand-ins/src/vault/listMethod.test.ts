import { ListMethodRewriter, ORIGINAL_METHOD_HEADER } from './listMethod';

async function rewrite(chunks: string[]): Promise<string> {
  const rewriter = new ListMethodRewriter();
  const out: Buffer[] = [];
  rewriter.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise(resolve => rewriter.on('end', resolve));
  for (const chunk of chunks) rewriter.write(Buffer.from(chunk, 'latin1'));
  rewriter.end();
  await done;
  return Buffer.concat(out).toString('latin1');
}

describe('ListMethodRewriter', () => {
  it('turns LIST into GET with the original method in a header', async () => {
    const out = await rewrite([
      'LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: x\r\n\r\n',
    ]);
    expect(out).toBe(
      `GET /v1/secret/metadata/ HTTP/1.1\r\n${ORIGINAL_METHOD_HEADER}: LIST\r\nHost: x\r\n\r\n`,
    );
  });

  it('leaves other methods and bodies alone, even a body that looks like LIST', async () => {
    const body = 'LIST /v1/evil HTTP/1.1\r\n\r\n';
    const request = `POST /v1/a HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    expect(await rewrite([request])).toBe(request);
  });

  it('follows chunked bodies and keep-alive, across arbitrary chunk boundaries', async () => {
    const chunked =
      'POST /v1/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\nLIST \r\n0\r\n\r\n';
    const list = 'LIST /v1/b/ HTTP/1.1\r\nHost: x\r\n\r\n';
    const input = chunked + list;
    const pieces: string[] = [];
    for (let i = 0; i < input.length; i += 3)
      pieces.push(input.slice(i, i + 3));
    const out = await rewrite(pieces);
    expect(out).toBe(
      `${chunked}GET /v1/b/ HTTP/1.1\r\n${ORIGINAL_METHOD_HEADER}: LIST\r\nHost: x\r\n\r\n`,
    );
  });
});
