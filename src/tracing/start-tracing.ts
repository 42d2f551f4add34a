import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_QUERY,
} from '@opentelemetry/semantic-conventions';
import { useTracer } from './in-span';

/** Probe and scrape paths: frequent, uninteresting, and never worth a trace. */
const UNTRACED_PATHS = /^\/(health\/|metrics(\/|$|\?))/;

// Starts the OpenTelemetry SDK before the app's modules load (instrumentations patch them as they
// are required); `shutdown()` flushes queued spans. Configured by the SDK's `OTEL_*` variables.
export function startTracing(serviceVersion: string): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(
        resourceFromAttributes({
          [ATTR_SERVICE_NAME]: 'agora-token-authority',
          [ATTR_SERVICE_VERSION]: serviceVersion,
        }),
      )
      // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults above.
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
        // Our routes take no query; a client's stray one could carry anything: it is not kept.
        startIncomingSpanHook: (request) =>
          request.url?.includes('?') ? { [ATTR_URL_QUERY]: 'REDACTED' } : {},
      }),
      // fetch(): the JWKS download, with the caller's trace context propagated to the IdP.
      new UndiciInstrumentation(),
      new IORedisInstrumentation({
        // Only Redis calls made while serving a request; keys name callers, so only the command.
        requireParentSpan: true,
        dbStatementSerializer: (command) => command,
      }),
      // trace_id / span_id / trace_flags on log lines written inside a span; logs stay on stdout.
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  useTracer(trace.getTracer('agora-token-authority', serviceVersion));
  return provider;
}
