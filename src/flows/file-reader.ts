import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where the last import of a file stopped; a different head means the file was rotated or rewritten. */
export interface FileCursor {
  offset: number;
  head: string;
  /**
   * the file's size when its last line, with no newline yet, was held back at `offset`: if the file still has that
   * size at the next import, the line is complete (the writer stopped) and is read
   */
  heldAt?: number;
}

const HEAD_BYTES = 512;
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Hash of the first bytes (up to HEAD_BYTES, and no further than `upTo`): what identifies a file across imports. */
export function headOf(fd: number, upTo: number): string {
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, upTo));
  readSync(fd, buffer, 0, buffer.length, 0);
  return createHash('sha256').update(buffer).digest('hex');
}

/** Where to go on reading a file: the cursor's offset, or 0 when the file is no longer the one the cursor was for. */
export function resumeOffset(fd: number, size: number, cursor: FileCursor | undefined): number {
  return cursor !== undefined && cursor.offset <= size && headOf(fd, cursor.offset) === cursor.head ? cursor.offset : 0;
}

export interface LineBatch {
  /** complete lines, without the last newline (a trailing partial line waits for the next import); the buffer is reused once the next batch is read */
  bytes: Buffer;
  /** where the next import starts once this batch is stored */
  cursor: FileCursor;
}

/**
 * Reads a file's complete lines from where the cursor stopped, in large chunks. If the file's first bytes no longer
 * match the cursor (rotated, truncated, rewritten) it is read from the start. A last line without a newline is read
 * too when `complete` says it is whole (it parses); otherwise it waits for the next import.
 */
export function* readNewLines(
  path: string,
  cursor: FileCursor | undefined,
  onProgress?: (done: number, total: number) => void,
  complete?: (lastLine: Buffer) => boolean,
): Generator<LineBatch> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let offset = resumeOffset(fd, size, cursor);
    // a partial line at the end of a read moves to the front and the next read lands after it: no concatenation
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let pending = 0;
    while (offset + pending < size) {
      if (pending === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, pending);
        buffer = grown;
      }
      const read = readSync(fd, buffer, pending, buffer.length - pending, offset + pending);
      if (read === 0) break;
      const filled = pending + read;
      const lastNewline = buffer.lastIndexOf(10, filled - 1);
      if (lastNewline < 0) {
        pending = filled;
        continue;
      }
      offset += lastNewline + 1;
      onProgress?.(offset, size);
      yield { bytes: buffer.subarray(0, lastNewline), cursor: { offset, head: headOf(fd, offset) } };
      pending = filled - lastNewline - 1;
      buffer.copy(buffer, 0, lastNewline + 1, filled);
    }
    if (pending > 0 && offset + pending === size && complete?.(buffer.subarray(0, pending))) {
      onProgress?.(size, size);
      yield { bytes: buffer.subarray(0, pending), cursor: { offset: size, head: headOf(fd, size) } };
    }
  } finally {
    closeSync(fd);
  }
}

const SCAN_BYTES = 64 * 1024;

/** The position of the first newline at or after `from`, or -1. */
function newlineFrom(fd: number, from: number, size: number): number {
  const buffer = Buffer.allocUnsafe(SCAN_BYTES);
  for (let at = from; at < size; at += SCAN_BYTES) {
    const read = readSync(fd, buffer, 0, Math.min(SCAN_BYTES, size - at), at);
    const index = buffer.subarray(0, read).indexOf(10);
    if (index >= 0) return at + index;
    if (read === 0) break;
  }
  return -1;
}

/** A line running this far past the end of its batch is not held in memory: it is skipped, counted as malformed. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** A run of complete lines of a file: bytes [from, to), `to` just past a newline (or `from` when there is none). */
export interface OwnedLines {
  from: number;
  to: number;
  /** the lines, up to a line too long to hold (which `to` is past) */
  bytes: Buffer;
  /** the start of a line running MAX_LINE_BYTES past the range, skipped: it ends the run */
  tooLong?: string;
}

/**
 * The complete lines that start in [start, end) of a file of `size` bytes: a line belongs to the range where it
 * starts, so ranges read independently (by several threads) cover every line exactly once. A last line with no
 * newline yet is left for a later import; one running MAX_LINE_BYTES past `end` is skipped, not read into memory.
 */
export function readOwnedLines(fd: number, size: number, start: number, end: number): OwnedLines {
  let from = start;
  if (start > 0) {
    const previousEnd = newlineFrom(fd, start - 1, size);
    from = previousEnd < 0 ? size : previousEnd + 1;
  }
  if (from >= end || from >= size) return { from, to: from, bytes: Buffer.alloc(0) };
  const limit = Math.min(size, end + MAX_LINE_BYTES) - from;
  let buffer = Buffer.allocUnsafe(Math.min(size, end + SCAN_BYTES) - from);
  let filled = readSync(fd, buffer, 0, buffer.length, from);
  // the last line that starts before `end` ends at the first newline from end - 1
  let last = buffer.subarray(0, filled).indexOf(10, end - 1 - from);
  while (last < 0 && filled < limit) {
    if (filled === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    const read = readSync(fd, buffer, filled, buffer.length - filled, from + filled);
    if (read === 0) break;
    filled += read;
    last = buffer.subarray(0, filled).indexOf(10, end - 1 - from);
  }
  if (last >= 0) return { from, to: from + last + 1, bytes: buffer.subarray(0, last + 1) };
  // the last line has no newline yet, or none within reach: the run stops before it
  const lineStart = buffer.subarray(0, Math.min(filled, end - from)).lastIndexOf(10) + 1;
  const lineEnd = from + filled < size ? newlineFrom(fd, from + filled, size) : -1;
  const bytes = buffer.subarray(0, lineStart);
  // a line too long to hold that has ended is skipped; one still being written waits, like any partial line
  if (lineEnd < 0) return { from, to: from + lineStart, bytes };
  return { from, to: lineEnd + 1, bytes, tooLong: buffer.toString('utf8', lineStart, lineStart + 300) };
}
