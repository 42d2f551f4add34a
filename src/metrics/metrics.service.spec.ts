import { AgoraProjects } from '../config/agora-projects';
import { loadConfig } from '../config/load-config';
import {
  methodLabel,
  MetricsService,
  nameLabel,
  type RateLimitFigures,
  reasonLabel,
  routeLabel,
} from './metrics.service';

/** The sample lines of `name` in an exposition (no HELP/TYPE). */
const samples = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

const projects = new AgoraProjects(loadConfig({}).agora);

describe(MetricsService.name, () => {
  let state: RateLimitFigures & { degraded: boolean };
  let sut: MetricsService;

  beforeEach(() => {
    state = {
      storage: 'memory',
      degraded: false,
      fallbacksTotal: 0,
      fallbackDecisionsTotal: 0,
      memoryEntries: 0,
      rejectionsTotal: { ip: 0, user: 0 },
    };
    sut = new MetricsService(() => state, projects);
    sut.declareDenialReasons(['CHANNEL_NOT_GRANTED', 'UID_MISMATCH', 'TOKEN_MALFORMED']);
  });

  it('should count one issuance per service, with the role on RTC-like services only', async () => {
    sut.tokenIssued(['rtc', 'rtm'], 'publisher', 'default');
    sut.tokenIssued(['rtc'], 'publisher', 'default');
    const text = await sut.exposition();
    expect(samples(text, 'ata_tokens_issued_total')).toEqual([
      'ata_tokens_issued_total{service="rtc",role="publisher",project="default"} 2',
      'ata_tokens_issued_total{service="rtm",role="none",project="default"} 1',
    ]);
  });

  it('should count denials by reason, known reasons from 0, anything odd as OTHER', async () => {
    sut.tokenDenied('CHANNEL_NOT_GRANTED');
    sut.tokenDenied('channel room-1 for alice');
    const text = await sut.exposition();
    expect(text).toContain('ata_token_denials_total{reason="CHANNEL_NOT_GRANTED"} 1');
    expect(text).toContain('ata_token_denials_total{reason="UID_MISMATCH"} 0');
    expect(text).toContain('ata_token_denials_total{reason="TOKEN_MALFORMED"} 0');
    expect(text).toContain('ata_token_denials_total{reason="OTHER"} 1');
    expect(text).not.toContain('alice');
  });

  it('should time requests by route pattern, never by URL', async () => {
    sut.httpRequest('POST', '/v1/tokens/rtc', 201, 0.004);
    sut.httpRequest('GET', undefined, 404, 0.001);
    sut.httpRequest('BREW', '/v1/tokens/rtc', 400, 0.001);
    const text = await sut.exposition();
    expect(text).toContain(
      'ata_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/tokens/rtc",status_code="201"} 1',
    );
    expect(text).toContain(
      'ata_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).toContain(
      'ata_http_request_duration_seconds_count{method="OTHER",route="/v1/tokens/rtc",status_code="400"} 1',
    );
  });

  it('should count JWKS fetches by outcome', async () => {
    sut.jwksFetched(true);
    sut.jwksFetched(false);
    sut.jwksFetched(false);
    const text = await sut.exposition();
    expect(samples(text, 'ata_jwks_fetches_total')).toEqual([
      'ata_jwks_fetches_total{outcome="success"} 1',
      'ata_jwks_fetches_total{outcome="failure"} 2',
    ]);
  });

  it('should read the rate limiter at scrape time', async () => {
    expect(samples(await sut.exposition(), 'ata_rate_limit_storage')).toEqual([
      'ata_rate_limit_storage{mode="memory"} 1',
      'ata_rate_limit_storage{mode="redis"} 0',
      'ata_rate_limit_storage{mode="memory-fallback"} 0',
    ]);
    state = {
      storage: 'memory-fallback',
      degraded: true,
      fallbacksTotal: 2,
      fallbackDecisionsTotal: 7,
      memoryEntries: 3,
      rejectionsTotal: { ip: 4, user: 5 },
    };
    const text = await sut.exposition();
    expect(samples(text, 'ata_rate_limit_storage')).toContain(
      'ata_rate_limit_storage{mode="memory-fallback"} 1',
    );
    expect(samples(text, 'ata_rate_limit_rejections_total')).toEqual([
      'ata_rate_limit_rejections_total{tier="ip"} 4',
      'ata_rate_limit_rejections_total{tier="user"} 5',
    ]);
    expect(samples(text, 'ata_rate_limit_fallbacks_total')).toEqual([
      'ata_rate_limit_fallbacks_total 2',
    ]);
    expect(samples(text, 'ata_rate_limit_fallback_decisions_total')).toEqual([
      'ata_rate_limit_fallback_decisions_total 7',
    ]);
    expect(samples(text, 'ata_rate_limit_memory_entries')).toEqual([
      'ata_rate_limit_memory_entries 3',
    ]);
  });

  it('should include the process metrics, once, and keep each app in its own registry', async () => {
    const other = new MetricsService(() => state, projects);
    other.tokenDenied('UID_MISMATCH');
    const text = await sut.exposition();
    expect(samples(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('ata_log_lines_dropped_total 0');
    expect(text).toContain('ata_token_denials_total{reason="UID_MISMATCH"} 0');
    expect(sut.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe('metric labels', () => {
  it('should keep known methods and fold the rest into OTHER', () => {
    expect(['GET', 'POST', 'HEAD', 'OPTIONS'].map(methodLabel)).toEqual([
      'GET',
      'POST',
      'HEAD',
      'OPTIONS',
    ]);
    expect(methodLabel('PROPFIND')).toBe('OTHER');
  });

  it('should use the route pattern, or unmatched', () => {
    expect(routeLabel('/v1/tokens/rtc')).toBe('/v1/tokens/rtc');
    expect(routeLabel(undefined)).toBe('unmatched');
  });

  it('should accept only SCREAMING_SNAKE reason codes', () => {
    expect(reasonLabel('CHANNEL_NOT_GRANTED')).toBe('CHANNEL_NOT_GRANTED');
    expect(reasonLabel('channel not permitted')).toBe('OTHER');
    expect(reasonLabel('A'.repeat(65))).toBe('OTHER');
  });

  it('should accept short identifiers as names', () => {
    expect(nameLabel('rtc')).toBe('rtc');
    expect(nameLabel('eu-west.1')).toBe('eu-west.1');
    expect(nameLabel(undefined)).toBe('other');
    expect(nameLabel('a b')).toBe('other');
    expect(nameLabel('x'.repeat(65))).toBe('other');
  });
});
