import { ApiProperty } from '@nestjs/swagger';
import type { AppSession, SessionKind } from '../app-session';

export class SessionBindingDto {
  /** Agora uid this caller may act as (1..2^32-1), from the uid claim. */
  @ApiProperty({ type: 'integer', required: false })
  uid?: number;
  /** Agora user account this caller may act as: the account claim, else `sub`. */
  account?: string;
}

/** The caller's session as the service sees it. Nothing here is secret. */
export class SessionDto {
  /** `iss` of the caller's JWT. */
  issuer!: string;
  /** `sub` of the caller's JWT. */
  subject!: string;
  /** `service` when the kind claim says so, else `user`. */
  @ApiProperty({ enum: ['user', 'service'] })
  kind!: SessionKind;
  /** Scopes from `scope`, `scp` and `permissions`. */
  scopes!: string[];
  binding!: SessionBindingDto;
  /** Exact channel names or `prefix*` patterns, templates expanded. */
  channelGrants!: string[];
  /** `exp` of the caller's JWT, unix seconds. */
  @ApiProperty({ type: 'integer' })
  expiresAt!: number;

  static from(session: AppSession): SessionDto {
    const { issuer, subject, kind, binding, channelGrants, expiresAt } = session;
    return {
      issuer,
      subject,
      kind,
      scopes: [...session.scopes],
      binding: { ...binding },
      channelGrants: [...channelGrants],
      expiresAt,
    };
  }
}
