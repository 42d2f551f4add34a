/**
 * The deepest nesting a request body may have. Our bodies are flat objects (a few levels with a
 * list of privileges); 32 leaves room for anything legitimate while keeping every recursive walk
 * over the parsed value (class-transformer, class-validator, our own checks) far from the stack.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether the JSON text `text` nests objects and arrays deeper than `maxDepth`, in one pass that
 * never recurses and stops at the first level too deep. Brackets inside strings are text. Invalid
 * JSON is not judged here (JSON.parse refuses it next); a depth answer for it is still bounded.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) {
        i += 1;
      } else if (char === QUOTE) {
        inString = false;
      }
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_OBJECT || char === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) {
        return true;
      }
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
}
