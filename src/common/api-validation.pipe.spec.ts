import type { ArgumentMetadata } from '@nestjs/common';
import { FetchRtcTokenDto, GetTokenDto } from '../tokens/dto/compat.dto';
import { IssueChatTokenDto } from '../tokens/dto/chat.dto';
import { InspectTokenDto } from '../tokens/dto/inspect.dto';
import { IssueTokenDto } from '../tokens/dto/multi-token.dto';
import { IssueRtcTokenDto } from '../tokens/dto/rtc.dto';
import { IssueRtmTokenDto } from '../tokens/dto/rtm.dto';
import { ApiException } from './api-error';
import { ApiValidationPipe } from './api-validation.pipe';
import { schemaDtos, type SchemaDto } from './schema-dto';

const pipe = new ApiValidationPipe();
const body = (metatype: SchemaDto): ArgumentMetadata => ({ type: 'body', metatype });
const RTC = { channel: 'demo-room', uid: 1001, role: 'publisher' };

/** The messages of the 400 a body gets, or a failure if it passes. */
function refused(metatype: SchemaDto, value: unknown): string[] {
  try {
    pipe.transform(value, body(metatype));
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ApiException);
    const response = (error as ApiException).getResponse() as { code: string; message: string[] };
    expect((error as ApiException).getStatus()).toBe(400);
    expect(response.code).toBe('VALIDATION_FAILED');
    return response.message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe(ApiValidationPipe.name, () => {
  it('should know the request body of every route', () => {
    expect([...schemaDtos().keys()].sort()).toEqual([
      'FetchRtcTokenDto',
      'GetTokenDto',
      'InspectTokenDto',
      'IssueChatTokenDto',
      'IssueRtcTokenDto',
      'IssueRtmTokenDto',
      'IssueTokenDto',
    ]);
  });

  it.each(
    [...schemaDtos().values()].flatMap((dto) =>
      Object.entries(dto.examples).map(([name, example]) => [dto.name, name, dto, example.value]),
    ),
  )('should accept the %s example %s and pass it on untouched', (_dto, _name, dto, value) => {
    const copy = structuredClone(value);
    expect(pipe.transform(copy, body(dto as SchemaDto))).toBe(copy);
    expect(copy).toEqual(value);
  });

  it('should name every problem of a body, each once', () => {
    expect(refused(IssueRtcTokenDto, { channel: 5, uid: -1, role: 'admin', extra: true })).toEqual([
      'property extra should not exist',
      'channel must be a string',
      'uid must not be less than 0',
      'role must be one of the following values: publisher, subscriber',
    ]);
  });

  it('should name nested fields by their dotted path', () => {
    expect(
      refused(IssueRtcTokenDto, { ...RTC, privileges: { joinChannel: 'x', admin: 1 } }),
    ).toEqual([
      'property privileges.admin should not exist',
      'privileges.joinChannel must be an integer',
    ]);
    expect(
      refused(IssueRtmTokenDto, {
        userId: 'alice',
        permissions: [{ resource: 'users', permission: 'read', names: ['ok', ''] }],
      }),
    ).toEqual(['permissions.0.names.1 must not be empty']);
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['false', false],
    ['a numeric string', '1'],
    ['an array', [1]],
  ])('should never coerce %s into a number', (_case, uid) => {
    expect(refused(IssueRtcTokenDto, { ...RTC, uid })).toEqual(['uid must be an integer']);
  });

  it('should refuse a body that is not an object', () => {
    for (const value of [null, [], 'x', 1, undefined]) {
      expect(refused(IssueRtcTokenDto, value)).toEqual(['body must be an object']);
    }
  });

  it('should require exactly one of uid and account', () => {
    const exactlyOne = ['exactly one of uid and account is required'];
    expect(refused(IssueRtcTokenDto, { ...RTC, account: 'alice' })).toEqual(exactlyOne);
    expect(refused(IssueRtcTokenDto, { channel: 'c', role: 'publisher' })).toEqual(exactlyOne);
    expect(
      refused(IssueTokenDto, { services: { fcdn: { channel: 'c', role: 'publisher' } } }),
    ).toEqual(['exactly one of services.fcdn.uid and services.fcdn.account is required']);
    expect(refused(FetchRtcTokenDto, { uid: 1, role: 1 })).toEqual([
      'exactly one of ChannelName and channelName is required',
    ]);
  });

  it('should refuse uid and account together on inspect', () => {
    expect(refused(InspectTokenDto, { token: 't', uid: 1, account: 'a' })).toEqual([
      'uid and account cannot both be given',
    ]);
  });

  it('should tie userId to the Chat kind', () => {
    expect(refused(IssueChatTokenDto, { kind: 'user' })).toEqual([
      'userId is required when kind is user',
    ]);
    expect(refused(IssueChatTokenDto, { kind: 'app', userId: 'alice' })).toEqual([
      'userId must be omitted when kind is app',
    ]);
    expect(refused(IssueTokenDto, { services: { chat: { kind: 'app', userId: 'a' } } })).toEqual([
      'services.chat.userId must be omitted when kind is app',
    ]);
    // A wrong kind is told once, by the kind's own rule.
    expect(refused(IssueChatTokenDto, { kind: 'admin', userId: 'a' })).toEqual([
      'kind must be one of the following values: user, app',
    ]);
  });

  it("should apply the community server's per-type requirements", () => {
    expect(refused(GetTokenDto, { tokenType: 'rtc' })).toEqual([
      'channel is required when tokenType is rtc',
      'uid is required when tokenType is rtc',
    ]);
    expect(refused(GetTokenDto, { tokenType: 'rtm' })).toEqual([
      'uid is required when tokenType is rtm',
    ]);
  });

  it('should bound lengths in bytes of the charset, and free text in UTF-8 bytes', () => {
    expect(refused(IssueRtcTokenDto, { ...RTC, channel: 'r'.repeat(64) })).toEqual([
      'channel must be 1 to 63 characters',
    ]);
    // 33 two-byte characters: 33 characters, 66 UTF-8 bytes.
    const names = ['é'.repeat(33)];
    expect(
      refused(IssueRtmTokenDto, {
        userId: 'alice',
        permissions: [{ resource: 'users', permission: 'read', names }],
      }),
    ).toEqual(['permissions.0.names.0 must be at most 64 UTF-8 bytes']);
    expect(refused(InspectTokenDto, { token: 'x'.repeat(8193) })).toEqual([
      'token must be at most 8192 UTF-8 bytes',
    ]);
  });

  it('should refuse lone surrogates, naming the field', () => {
    expect(refused(IssueRtcTokenDto, { ...RTC, channel: 'room\ud800' })).toEqual([
      `channel must use only Agora's character set (or exactly "*")`,
    ]);
    expect(refused(InspectTokenDto, { token: '007\udc00' })).toEqual([
      'token must be well-formed Unicode text (no lone surrogates)',
    ]);
    // A surrogate pair is well-formed: only the charset refuses the emoji.
    expect(() => pipe.transform({ token: '007\u{1F600}' }, body(InspectTokenDto))).not.toThrow();
  });

  it('should never echo a rejected value', () => {
    const messages = refused(IssueRtcTokenDto, {
      channel: 'SECRET/VALUE',
      uid: 'SECRET-UID',
      role: 'SECRET-ROLE',
      SECRET_FIELD_VALUE: 'SECRET-CERT',
    });
    expect(messages.join(' ')).not.toMatch(/SECRET-|SECRET\//);
  });

  it('should answer a deeply nested value without recursing into it', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    expect(refused(IssueRtcTokenDto, { ...RTC, channel: deep })).toEqual([
      'channel must be a string',
    ]);
    expect(refused(IssueRtcTokenDto, { ...RTC, extra: deep })).toEqual([
      'property extra should not exist',
    ]);
  });

  it('should leave custom parameter decorators alone', () => {
    const session = { subject: 's' };
    expect(pipe.transform(session, { type: 'custom', metatype: Object })).toBe(session);
  });

  it('should refuse to run a parameter that has no schema DTO type', () => {
    expect(() => pipe.transform({}, { type: 'body', metatype: Object })).toThrow(
      /has no schema DTO type/,
    );
    class LookAlike {}
    Object.defineProperty(LookAlike, 'name', { value: 'IssueRtcTokenDto' });
    expect(() => pipe.transform(RTC, { type: 'body', metatype: LookAlike })).toThrow(
      /has no schema DTO type/,
    );
  });
});
