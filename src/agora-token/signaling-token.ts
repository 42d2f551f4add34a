import { TokenError } from './errors';
import { constantTimeEqual, md5Hex } from './hash';
import { assertHex32, assertString, assertUint32, assertVersion } from './validate';

export const VERSION_SIGNALING = '1';

export interface SignalingTokenOptions {
  appId: string;
  appCertificate: string;
  account: string;
  /** Absolute unix expiry (the nodejs reference takes a lifetime and adds it to now). */
  expiredTs: number;
}

/** Nothing here is trusted until `verifySignalingToken` says so. */
export interface ParsedSignalingToken {
  version: typeof VERSION_SIGNALING;
  appId: string;
  expiredTs: number;
  /** MD5, 32 lowercase hex characters. */
  signature: string;
}

export type VerifySignalingTokenOptions = Pick<SignalingTokenOptions, 'appCertificate' | 'account'>;

/** SignalingToken: `"1:" + appId + ":" + expiredTs + ":" + md5hex(account + appId + cert + expiredTs)`. */
export function buildSignalingToken(options: SignalingTokenOptions): string {
  const { appId, appCertificate, account, expiredTs } = options;
  assertHex32(appId, 'ERR_APP_ID_INVALID', 'appId');
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(account, 'account');
  assertUint32(expiredTs, 'ERR_TIMESTAMP_INVALID', 'expiredTs');
  const signature = md5Hex(account + appId + appCertificate + String(expiredTs));
  return [VERSION_SIGNALING, appId, expiredTs, signature].join(':');
}

export function parseSignalingToken(token: unknown): ParsedSignalingToken {
  assertVersion(token, `${VERSION_SIGNALING}:`, 'token is not a version 1 signalling token');
  const [, appId = '', expiry = '', signature = '', ...rest] = token.split(':');
  // Only canonical decimal: the signature covers the text, so "0123" could never verify as 123.
  const canonical = /^(?:0|[1-9]\d{0,9})$/.test(expiry);
  if (rest.length > 0 || appId.length !== 32 || signature.length !== 32 || !canonical) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token does not have the signalling layout');
  }
  if (!/^[0-9a-fA-F]{32}$/.test(appId) || !/^[0-9a-f]{32}$/.test(signature)) {
    throw new TokenError('ERR_TOKEN_ENCODING', 'token app id or signature is not hex');
  }
  const expiredTs = Number(expiry);
  assertUint32(expiredTs, 'ERR_TOKEN_MALFORMED', 'the expiry in the token');
  return { version: VERSION_SIGNALING, appId, expiredTs, signature };
}

/** Signed with this certificate for this account? Expiry is the caller's. */
export function verifySignalingToken(
  parsed: ParsedSignalingToken,
  options: VerifySignalingTokenOptions,
): boolean {
  assertHex32(options.appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(options.account, 'account');
  const text = options.account + parsed.appId + options.appCertificate + String(parsed.expiredTs);
  const expected = Buffer.from(md5Hex(text), 'hex');
  return constantTimeEqual(expected, Buffer.from(parsed.signature, 'hex'));
}
