// Docker's log stream format: without a TTY, stdout and stderr come multiplexed in frames with an
// 8-byte header [stream, 0, 0, 0, size(uint32 BE)] (Engine API, "Attach to a container"); with a TTY, raw.

/** The text of a container's log, its frames joined in the order the engine sent them. */
export function demuxLog(buf: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    // Not a frame header: a TTY container's raw log (or a cut-off tail), kept as plain text.
    if (!isFrameHeader(buf, at)) {
      parts.push(buf.subarray(at));
      break;
    }
    const size = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

function isFrameHeader(buf: Buffer, at: number): boolean {
  const kind = buf[at] ?? 255;
  return at + 8 <= buf.length && kind <= 2 && buf[at + 1] === 0 && buf[at + 2] === 0 && buf[at + 3] === 0;
}

/** Splits log text into lines, without the empty one after the final newline. */
export function logLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Writes a followed log stream to `out` as it arrives, frame by frame (raw when it is a TTY's). */
export function demuxInto(out: NodeJS.WritableStream): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let raw = false;
  return (chunk) => {
    if (raw) {
      out.write(chunk);
      return;
    }
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      if (!isFrameHeader(pending, 0)) {
        raw = true; // a TTY container: no frames at all
        out.write(pending);
        pending = Buffer.alloc(0);
        return;
      }
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) return;
      out.write(pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  };
}
