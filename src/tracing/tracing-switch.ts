/** The standard OpenTelemetry variables that decide whether traces are exported. */
export interface TracingEnv {
  readonly OTEL_SDK_DISABLED?: string;
  readonly OTEL_TRACES_EXPORTER?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
}

/** On with an OTLP endpoint, unless `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`. */
export function tracingEnabled(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return false;
  }
  if (env.OTEL_TRACES_EXPORTER !== undefined) {
    const exporters = env.OTEL_TRACES_EXPORTER.split(',').map((name) => name.trim().toLowerCase());
    if (exporters.includes('none') || !exporters.includes('otlp')) {
      return false;
    }
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return endpoint !== undefined && endpoint.trim() !== '';
}
