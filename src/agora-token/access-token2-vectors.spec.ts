import { inflateSync } from 'node:zlib';
import { describeVectors, type Vector } from '../../test/support/vectors';
import { buildAccessToken2, parseAccessToken2, verifyAccessToken2 } from './access-token2';
import { inflate } from './compression';
import type { Service } from './services';

/** The vector file's low-level service shape, turned into ours. */
function toService(input: Record<string, any>): Service {
  const base = { type: input.type as number, privileges: input.privileges as [number, number][] };
  switch (input.type) {
    case 1:
      return { ...base, type: 1, channelName: input.channelName ?? '', uid: input.uid ?? '' };
    case 2:
    case 5:
      return { ...base, type: input.type, userId: input.userId ?? '' };
    case 3:
    case 6:
      return {
        ...base,
        type: input.type,
        channelName: input.channelName ?? '',
        account: input.account ?? '',
      };
    case 7:
      return {
        ...base,
        type: 7,
        roomUuid: input.roomUuid ?? '',
        userUuid: input.userUuid ?? '',
        role: input.role ?? -1,
      };
    case 8:
      return {
        ...base,
        type: 8,
        userId: input.userId ?? '',
        permissions: (input.permissions ?? []).map(
          ([resourceType, permissionType, resources]: any) => ({
            resourceType,
            permissionType,
            resources,
          }),
        ),
      };
    default:
      return base;
  }
}

/** Our parsed services in the vector file's `expected_parse` shape. */
function toExpectedShape(services: ReturnType<typeof parseAccessToken2>['services']): unknown[] {
  return services.map((service) => {
    const { permissions, ...rest } = service as any;
    return permissions
      ? {
          ...rest,
          permissions: permissions.map((p: any) => [p.resourceType, p.permissionType, p.resources]),
        }
      : rest;
  });
}

function payloadHex(token: string): string {
  return Buffer.from(inflate(Buffer.from(token.slice(3), 'base64'))).toString('hex');
}

function isLowLevelBuild(v: Vector): boolean {
  return v.format === '007' && v.builder.startsWith('AccessToken2.build');
}

describeVectors('AccessToken2 known-answer vectors', (vectors) => {
  const builds = vectors.filter(isLowLevelBuild).map((v) => [v.id, v] as const);
  const parses = vectors
    .filter((v) => v.format === '007' && v.expected_parse && v.expected_parse.services)
    .map((v) => [v.id, v] as const);
  const rejects = vectors
    .filter((v) => v.format === '007' && v.expected_parse?.ok === false)
    .map((v) => [v.id, v] as const);

  const build = (v: Vector, compression: 'stored' | 'zlib' | 'canonical') =>
    buildAccessToken2({
      appId: v.inputs.appId,
      appCertificate: v.inputs.appCertificate,
      issuedAt: v.inputs.issueTs,
      expire: v.inputs.expire,
      salt: v.inputs.salt,
      services: v.inputs.services.map(toService),
      compression,
    });

  it.each(builds)('%s: should build the exact payload in every compression', (_id, v) => {
    for (const compression of ['stored', 'zlib', 'canonical'] as const) {
      expect(payloadHex(build(v, compression))).toBe(v.payload_hex);
    }
  });

  it.each(builds)('%s: should equal the canonical (standard zlib) string', (_id, v) => {
    expect(build(v, 'canonical')).toBe(v.expected);
  });

  it.each(builds)('%s: should equal the nodejs string with Node zlib', (_id, v) => {
    expect(build(v, 'zlib')).toBe(v.expected_by_impl?.nodejs ?? v.expected);
  });

  // Rust's flate2 emits a single stored block when compressing would not help ("007eJwB…").
  it.each(builds.filter(([, v]) => v.expected_by_impl?.rust?.startsWith('007eJwB')))(
    '%s: should equal the Rust stored-block string',
    (_id, v) => {
      expect(build(v, 'stored')).toBe(v.expected_by_impl!.rust);
    },
  );

  it.each(builds)(
    '%s: should give a stored token that Node zlib inflates to the payload',
    (_id, v) => {
      const bytes = Buffer.from(build(v, 'stored').slice(3), 'base64');
      expect(inflateSync(bytes).toString('hex')).toBe(v.payload_hex);
    },
  );

  it.each(parses)('%s: should parse every recorded encoding to expected_parse', (_id, v) => {
    // Every recorded compressor's text (python, nodejs, go, C#, Rust, Dart) must read the same,
    // except nodejs variants whose payload deliberately differs (the APaaS room-user quirk).
    const encodings = [
      v.expected ?? v.inputs.token,
      ...Object.values(v.expected_by_impl ?? {}),
    ].filter((token) => !v.payload_hex || payloadHex(token) === v.payload_hex);
    expect(encodings.length).toBeGreaterThan(0);
    for (const token of encodings) {
      const parsed = parseAccessToken2(token);
      expect(parsed.appId).toBe(v.expected_parse!.appId);
      expect(parsed.issuedAt).toBe(v.expected_parse!.issueTs);
      expect(parsed.expire).toBe(v.expected_parse!.expire);
      expect(parsed.salt).toBe(v.expected_parse!.salt);
      expect(toExpectedShape(parsed.services)).toEqual(v.expected_parse!.services);
      if (v.expected_parse!.signatureValid !== undefined) {
        expect(
          verifyAccessToken2(parsed, v.inputs.appCertificate ?? v.inputs.args.appCertificate),
        ).toBe(v.expected_parse!.signatureValid);
      }
    }
  });

  it.each(rejects)('%s: should reject the token with a TokenError', (_id, v) => {
    expect(() => parseAccessToken2(v.inputs.token)).toThrow(
      expect.objectContaining({ name: 'TokenError' }),
    );
  });
});
