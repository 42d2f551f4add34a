import { tracingEnabled } from './tracing-switch';

describe(tracingEnabled.name, () => {
  const endpoint = 'http://127.0.0.1:4318';

  it.each([
    ['no variable at all', {}, false],
    ['an empty endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, false],
    ['the general endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, true],
    ['the traces endpoint', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }, true],
    [
      'an endpoint with the SDK disabled',
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'TRUE' },
      false,
    ],
    [
      'an endpoint with OTEL_SDK_DISABLED=false',
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'false' },
      true,
    ],
    [
      'an endpoint with the exporter none',
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' },
      false,
    ],
    [
      'an endpoint with the exporter otlp',
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'otlp' },
      true,
    ],
    [
      'an endpoint with only another exporter',
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'zipkin' },
      false,
    ],
  ])('should say %s means %s', (_what, env, expected) => {
    expect(tracingEnabled(env)).toBe(expected);
  });
});
