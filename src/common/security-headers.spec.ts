import helmet from 'helmet';
import { API_HELMET_OPTIONS, securityHeaders } from './security-headers';

/** What helmet's middleware itself sets on a real-looking response, for comparison. */
function helmetOnce(options?: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  (helmet(options) as unknown as (q: object, r: object, n: () => void) => void)(
    { method: 'GET', url: '/' },
    response,
    () => undefined,
  );
  return headers;
}

describe('securityHeaders', () => {
  it('should equal what helmet sets on a request, header for header', () => {
    expect(securityHeaders()).toEqual(helmetOnce());
  });

  it("should hold helmet's defaults: strict CSP with upgrade-insecure-requests, HSTS, nosniff", () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['x-powered-by']).toBeUndefined();
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('should apply options, such as a CSP without upgrade-insecure-requests', () => {
    const options = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };
    const headers = securityHeaders(options);
    expect(headers).toEqual(helmetOnce(options));
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it("should give the JSON API OWASP's REST set and none of the HTML-only headers", () => {
    expect(securityHeaders(API_HELMET_OPTIONS)).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('should refuse options helmet itself refuses', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { 'default-src': ["'self'; x"] } } }),
    ).toThrow();
  });
});
