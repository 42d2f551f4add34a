import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { inSpan, useTracer } from './in-span';

describe(inSpan.name, () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });

  beforeAll(() => {
    provider.register();
    useTracer(trace.getTracer('test'));
  });
  afterAll(async () => {
    useTracer(undefined);
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());

  const spans = () =>
    exporter.getFinishedSpans().map((span) => ({
      name: span.name,
      status: span.status.code,
      parent: span.parentSpanContext?.spanId,
      id: span.spanContext().spanId,
      error: span.attributes['error.type'],
    }));

  it('should run the work alone, recording nothing, while tracing is off', () => {
    useTracer(undefined);
    try {
      expect(inSpan('off', () => 7)).toBe(7);
      expect(spans()).toEqual([]);
    } finally {
      useTracer(trace.getTracer('test'));
    }
  });

  it('should end a synchronous span and return its value, nesting inner spans under it', () => {
    expect(inSpan('outer', () => inSpan('inner', () => 42))).toBe(42);
    const [inner, outer] = spans();
    expect(inner).toMatchObject({ name: 'inner', parent: outer?.id, status: SpanStatusCode.UNSET });
    expect(outer).toMatchObject({ name: 'outer', parent: undefined });
  });

  it('should end an asynchronous span when its promise settles', async () => {
    await expect(inSpan('async', () => Promise.resolve('done'))).resolves.toBe('done');
    expect(spans()).toEqual([expect.objectContaining({ name: 'async', status: 0 })]);
  });

  it('should mark a span failed with the error class only, never its message', async () => {
    class SecretError extends Error {}
    expect(() =>
      inSpan('sync', () => {
        throw new SecretError('the certificate is 0123');
      }),
    ).toThrow(SecretError);
    await expect(
      inSpan('async', () => Promise.reject(new RangeError('channel "abc"'))),
    ).rejects.toThrow(RangeError);
    expect(spans()).toEqual([
      expect.objectContaining({ name: 'sync', status: SpanStatusCode.ERROR, error: 'SecretError' }),
      expect.objectContaining({ name: 'async', status: SpanStatusCode.ERROR, error: 'RangeError' }),
    ]);
    const recorded = exporter.getFinishedSpans().map((span) => JSON.stringify(span.status));
    expect(recorded.join()).not.toMatch(/0123|abc/);
  });
});
