import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where the last import of a file stopped; a different head means the file was rotated or rewritten. */
export interface FileCursor {
  offset: number;
  head: string;
}

const HEAD_BYTES = 512;
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Hash of the first bytes (up to HEAD_BYTES, and no further than `upTo`): what identifies a file across imports. */
function headOf(fd: number, upTo: number): string {
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, upTo));
  readSync(fd, buffer, 0, buffer.length, 0);
  return createHash('sha256').update(buffer).digest('hex');
}

export interface LineBatch {
  /** complete lines (a trailing partial line waits for the next import) */
  text: string;
  /** where the next import starts once this batch is stored */
  cursor: FileCursor;
}

/**
 * Reads a file's complete lines from where the cursor stopped, in large chunks. If the file's first bytes no longer
 * match the cursor (rotated, truncated, rewritten) it is read from the start.
 */
export function* readNewLines(path: string, cursor: FileCursor | undefined, onProgress?: (done: number, total: number) => void): Generator<LineBatch> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const resume = cursor !== undefined && cursor.offset <= size && headOf(fd, cursor.offset) === cursor.head;
    let offset = resume ? cursor!.offset : 0;
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = Buffer.alloc(0);
    while (offset + carry.length < size) {
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, offset + carry.length);
      if (read === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      const lastNewline = data.lastIndexOf(10);
      if (lastNewline < 0) {
        carry = Buffer.from(data);
        continue;
      }
      const text = data.toString('utf8', 0, lastNewline);
      carry = Buffer.from(data.subarray(lastNewline + 1));
      offset += lastNewline + 1;
      onProgress?.(offset, size);
      yield { text, cursor: { offset, head: headOf(fd, offset) } };
    }
  } finally {
    closeSync(fd);
  }
}
