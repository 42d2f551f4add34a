import type { FastifyInstance } from 'fastify';
import { ApiException } from '../common/api-error';

/** Our bodies nest a few levels; 32 keeps any recursive walk over a body far from the stack. */
const MAX_JSON_DEPTH = 32;

/** The declared charset (RFC 9110 §8.3.1), lower-cased and unquoted; undefined if none. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  const value = /;\s*charset\s*=([^;]*)/i.exec(contentType ?? '')?.[1];
  return value
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
}

// JSON only (else 415), UTF-8 only (RFC 8259 §8.1: other charsets 415, a BOM 400), depth bounded
// before anything recursive runs; Fastify's parser refuses prototype poisoning; else INVALID_JSON.
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      const charset = declaredCharset(request.headers['content-type']);
      if (charset !== undefined && charset !== 'utf-8') {
        const message = 'request body must be UTF-8 (charset absent or utf-8)';
        done(new ApiException(415, 'UNSUPPORTED_MEDIA_TYPE', message), undefined);
        return;
      }
      const text = body as string; // parseAs: 'string'
      const invalid =
        text.charCodeAt(0) === 0xfeff
          ? 'request body starts with a byte order mark; send UTF-8 without one'
          : nestsDeeperThan(text, MAX_JSON_DEPTH)
            ? `request body nests deeper than ${MAX_JSON_DEPTH} levels`
            : undefined;
      if (invalid !== undefined) {
        done(new ApiException(400, 'INVALID_JSON', invalid), undefined);
        return;
      }
      void parseJson(request, text, (error: Error | null, value?: unknown) => {
        if (error) {
          done(new ApiException(400, 'INVALID_JSON', 'request body is not valid JSON'), undefined);
        } else {
          done(null, value);
        }
      });
    },
  );
}

/** Whether JSON nests deeper than `maxDepth`, in one non-recursive pass; invalid JSON is let by. */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) {
        i += 1;
      } else if (char === 0x22 /* " */) {
        inString = false;
      }
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) {
        return true;
      }
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}
