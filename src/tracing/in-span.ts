import type { Span, Tracer } from '@opentelemetry/api';

/** The tracer once startTracing() ran; unset, inSpan runs work without loading the API. */
let tracer: Tracer | undefined;

export function useTracer(next: Tracer | undefined): void {
  tracer = next;
}

// Runs `work` as the active span `name`; a failure records the error's class only (messages may
// quote input). Attributes must never be tokens, secrets, subjects or channels.
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

function fail(span: Span, error: unknown): void {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  // SpanStatusCode.ERROR, written as its value: the enum is a runtime object of the API package.
  span.setStatus({ code: 2, message: kind });
  span.setAttribute('error.type', kind);
  span.end();
}
