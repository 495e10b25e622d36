import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLarge extends Error {}

/** A request's body, refused (BodyTooLarge) as soon as it runs over `limit` bytes. */
export async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBytes(req, limit)).toString('utf8');
}

/** The JSON body of a request, or undefined after answering 400/413 itself. */
export async function readJson(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<{ value: unknown } | undefined> {
  try {
    const text = await readBody(req, limit);
    return { value: text === '' ? {} : JSON.parse(text) };
  } catch (error) {
    sendJson(res, error instanceof BodyTooLarge ? 413 : 400, {
      error: error instanceof BodyTooLarge ? 'request body too large' : 'the body is not JSON',
    });
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
