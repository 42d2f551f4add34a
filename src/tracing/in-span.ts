import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The service's own spans. Without a registered provider (tracing off) the API hands out a no-op
 * tracer whose spans cost a few allocations and record nothing.
 */
const tracer = trace.getTracer('agora-token-authority');

/**
 * Runs `work` as the active span `name` (synchronous or returning a promise) and ends the span when
 * it returns or settles. A thrown error marks the span as failed with the error's class name only:
 * messages may quote input. Attributes set by `work` must never be tokens, secrets, subjects or
 * channels.
 */
export function inSpan<T>(name: string, work: (span: Span) => T): T {
  return tracer.startActiveSpan(name, (span) => {
    try {
      const result = work(span);
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            fail(span, error);
            throw error;
          },
        ) as T;
      }
      span.end();
      return result;
    } catch (error) {
      fail(span, error);
      throw error;
    }
  });
}

/** Node-style callback verifiers (passport-jwt's `JwtVerifier`): the span ends with the callback. */
export function inSpanCallback<A extends unknown[], E, R>(
  name: string,
  verify: (...args: [...A, (error: E, result?: R) => void]) => void,
): (...args: [...A, (error: E, result?: R) => void]) => void {
  return (...args) => {
    const callback = args.pop() as (error: E, result?: R) => void;
    tracer.startActiveSpan(name, (span) => {
      let ended = false;
      const done = (error: E, result?: R) => {
        if (!ended) {
          ended = true;
          if (error) {
            fail(span, error);
          } else {
            span.end();
          }
        }
        callback(error, result);
      };
      try {
        verify(...(args as unknown as A), done);
      } catch (error) {
        if (!ended) {
          ended = true;
          fail(span, error);
        }
        throw error;
      }
    });
  };
}

function fail(span: Span, error: unknown): void {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
  span.setAttribute('error.type', kind);
  span.end();
}
