import type { Compression } from './compression';

/** What every 007 builder takes besides its own fields. */
export interface BuilderBase {
  /** 32 hex characters. */
  appId: string;
  /** 32 hex characters. */
  appCertificate: string;
  /** Unix seconds the token is issued at; defaults to now. */
  issuedAt?: number;
  /** Defaults to a random 1..99999999. */
  salt?: number;
  /** Defaults to `stored`; see `Compression`. */
  compression?: Compression;
}

/** The fields of BuilderBase that pass straight through to buildAccessToken2. */
export function baseOf(options: BuilderBase): BuilderBase {
  const { appId, appCertificate, issuedAt, salt, compression } = options;
  return { appId, appCertificate, issuedAt, salt, compression };
}
