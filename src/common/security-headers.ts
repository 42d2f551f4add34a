import helmet, { type HelmetOptions } from 'helmet';

export type SecurityHeaders = Readonly<Record<string, string>>;

/**
 * The JSON API's set (OWASP's REST Security list): nothing may frame, run or embed a response, and
 * browsers keep to HTTPS and the declared type. Helmet's other defaults govern how a browser treats
 * an HTML page (DNS prefetch, referrers, window openers, legacy IE and XSS filters, Flash policy
 * files, agent clusters); a JSON body is never rendered as a page, so they protect nothing here and
 * cost per response. Swagger UI's HTML keeps helmet's full set.
 */
export const API_HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** Helmet's headers for `options`, computed once: per request they cost 5 % of the CPU. */
export function securityHeaders(options?: Readonly<HelmetOptions>): SecurityHeaders {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]): void {
      if (typeof value !== 'string') {
        throw new Error(`helmet set ${name} to a non-string value`);
      }
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string): void {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  const middleware = helmet(options) as unknown as (
    request: object,
    response: typeof recorder,
    next: (error?: unknown) => void,
  ) => void;
  middleware({}, recorder, (error?: unknown) => {
    if (error) {
      throw error instanceof Error ? error : new Error('helmet failed');
    }
    finished = true;
  });
  if (!finished) {
    throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  }
  return Object.freeze(headers);
}
