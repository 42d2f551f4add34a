import type { Span, Tracer } from '@opentelemetry/api';

/**
 * The service's own tracer, set by startTracing() when tracing is on. While it is unset the
 * helpers below run their work directly: no span object, and not even the OpenTelemetry API is
 * loaded (types only here).
 */
let tracer: Tracer | undefined;

export function useTracer(next: Tracer | undefined): void {
  tracer = next;
}

/**
 * Runs `work` as the active span `name` (synchronous or returning a promise) and ends the span when
 * it returns or settles. A thrown error marks the span as failed with the error's class name only:
 * messages may quote input. Attributes set by `work` must never be tokens, secrets, subjects or
 * channels.
 */
export function inSpan<T>(name: string, work: () => T): T {
  if (tracer === undefined) {
    return work();
  }
  return tracer.startActiveSpan(name, (span) => {
    try {
      const result = work();
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
    if (tracer === undefined) {
      verify(...args);
      return;
    }
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
  // SpanStatusCode.ERROR, written as its value: the enum is a runtime object of the API package.
  span.setStatus({ code: 2, message: kind });
  span.setAttribute('error.type', kind);
  span.end();
}
