/**
 * Turns character offsets of `text` into 1-based line numbers for import reports. Parsers ask in
 * increasing order, so it counts newlines forward from the last answer instead of rescanning the text.
 */
export function lineCounter(text: string): (offset: number) => number {
  let scannedTo = 0;
  let line = 1;
  return (offset) => {
    if (offset < scannedTo) {
      scannedTo = 0;
      line = 1;
    }
    for (let index = text.indexOf('\n', scannedTo); index !== -1 && index < offset;) {
      line++;
      index = text.indexOf('\n', index + 1);
    }
    scannedTo = offset;
    return line;
  };
}
