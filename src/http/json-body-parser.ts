import type { FastifyInstance } from 'fastify';
import { ApiException } from '../common/api-error';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/**
 * The charset a JSON body declares, lower-cased and unquoted; undefined when it declares none.
 * Parameters are `; name=value` (RFC 9110 §8.3.1); names are case-insensitive.
 */
export function declaredCharset(contentType: string | undefined): string | undefined {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const equals = parameter.indexOf('=');
    if (parameter.slice(0, equals).trim().toLowerCase() === 'charset') {
      return parameter
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return undefined;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * JSON is the only body type: anything else is a 415. Bodies are UTF-8 (RFC 8259 §8.1): a charset
 * other than utf-8 is a 415, a byte order mark a 400, rather than reading the bytes as something
 * the client did not mean. The nesting depth is bounded before anything recursive runs (JSON.parse
 * included), so a deeply nested body is a quick 400, not a stack overflow. Fastify's own JSON
 * parser does the parsing (prototype poisoning refused); its errors become 400 `INVALID_JSON`.
 */
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
      // parseAs: 'string' guarantees a string body.
      const text = body as string;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
        const message = 'request body starts with a byte order mark; send UTF-8 without one';
        done(new ApiException(400, 'INVALID_JSON', message), undefined);
        return;
      }
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        const message = `request body nests deeper than ${MAX_JSON_DEPTH} levels`;
        done(new ApiException(400, 'INVALID_JSON', message), undefined);
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
