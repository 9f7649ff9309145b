// A cheap guard before JSON.parse: deeply nested JSON costs V8 about 50 times more per byte than flat JSON
// (a 60 KB frame of `[[[[…` takes 10-20 ms to parse), so frames nested deeper than any protocol message are refused unparsed.

/** Deeper than any protocol message or event (filters nest 3 levels, events about 6); room for extensions. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when the bytes open more than `maxDepth` nested objects/arrays at some point (strings skipped); one linear pass. */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}
