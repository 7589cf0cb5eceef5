/** One line of a byte stream; `text` is undefined when the line exceeded the limit. */
export interface Line {
  number: number;
  text: string | undefined;
}

/**
 * Splits a byte stream into lines (LF or CRLF) with memory bounded by `maxLineBytes`: a longer
 * line is skipped to its end and reported without text, so one hostile line cannot exhaust memory.
 */
export async function* splitLines(stream: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): Line => {
    number++;
    let text: string | undefined;
    if (!tooLong) {
      text = Buffer.concat(parts, size).toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
    }
    parts = [];
    size = 0;
    tooLong = false;
    return { number, text };
  };
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
      take(bytes.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    take(bytes.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();

  function take(piece: Buffer): void {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}
