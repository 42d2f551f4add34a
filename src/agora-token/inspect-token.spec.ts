import fc from 'fast-check';
import { TokenError } from './errors';
import { inspectToken, type InspectOptions } from './inspect-token';
import { LONE_SURROGATE, rawRtcToken } from '../../test/support/raw-token';

// Known answers copied from test/fixtures/agora-token-vectors.json:
// 007-builder-rtc-uid-publisher, 006-builder-rtc-uid-publisher, 006-builder-rtm, dk5-media-channel,
// dk5-in-channel-audio-video-upload, dk4-media-channel, dk3-generate, dk2-generate, dk1-generate,
// signaling-2882341273.
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const OTHER_CERT = '5CFd2fd1755d40ecb72977518be15d3c';
const DK_APP_ID = APP_ID.toLowerCase();
const DK_CERT = CERT.toLowerCase();
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const UID = 2882341273;
const T007 =
  '007eJxTYDhuGCT90E3Yo2+N3efJV5hX1K1MZAqae/Sa8UP9VXvOhfArMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhRgYWIAbxmcAkM5hkAZMKDOYp5kbGZqapSZYWxiYWpsaW5qnGqcZplikmZgZJKSmJXAxGFhZGxiaGRubGAKizJcs=';
const T006 =
  '006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW';
const T006_RTM =
  '006970CA35de60c44645bbae8a215061b33IAAsR0qgiCxv0vrpRcpkz5BrbfEWCBZ6kvR6t7qG/wJIQob86ogAAAAAEAABAAAAR/QQAAEA6AOvKDdW';
const DK5 =
  '005AQAoAEJERTJDRDdFNkZDNkU0ODYxNkYxQTYwOUVFNTM1M0U5ODNCQjFDNDQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA==';
const DK5_UPLOAD =
  '005BAAoADJERDA3QThENTE2NzJGNjQwMzY5NTFBNzE0QkI5NTc0N0Q1QjZGQjMQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YBAAEAAQAz';
const DK4 =
  '004d0ec5ee3179c964fe7c0485c045541de6bff332b970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471';
const DK3 =
  '0037666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471';
const DK2 =
  '7666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471';
const DK1 =
  '870588aad271ff47094eb622617e89d6b5b5a615970ca35de60c44645bbae8a215061b3314464554720383bbf5';
const SIGNALING = `1:${APP_ID}:1514219634:82539e1f3973bcfe3f0d0c8993e6c051`;

const DK_FIELDS = { appId: DK_APP_ID, unixTs: 1446455472, randomInt: 58964981 };
const EXPIRY = 1446455471;
const RIGHT = { channelName: CHANNEL, uid: UID };

describe(inspectToken.name, () => {
  it.each([
    [
      '007',
      T007,
      {
        version: '007',
        appId: APP_ID,
        issuedAt: 1111111,
        expire: 600,
        salt: 1,
        services: [
          {
            service: 'rtc',
            channel: CHANNEL,
            uid: UID,
            privileges: {
              joinChannel: 600,
              publishAudioStream: 600,
              publishVideoStream: 600,
              publishDataStream: 600,
            },
          },
        ],
      },
    ],
    [
      '006',
      T006,
      {
        version: '006',
        appId: APP_ID,
        signature: '8cbf723e7ec4527a3c72ea5b84c3303fd6dff36c41d67c9089e66f2cb053ff7c',
        crcChannelName: 276646071,
        crcUid: 3847331927,
        salt: 1,
        ts: 1111111,
        privileges: {
          joinChannel: EXPIRY,
          publishAudioStream: EXPIRY,
          publishVideoStream: EXPIRY,
          publishDataStream: EXPIRY,
        },
      },
    ],
    [
      '005',
      DK5_UPLOAD,
      {
        version: '005',
        serviceType: 4,
        service: 'inChannelPermission',
        signature: '2DD07A8D51672F64036951A714BB95747D5B6FB3',
        ...DK_FIELDS,
        expiredTs: EXPIRY,
        extra: { allowUploadInChannel: '3' },
      },
    ],
    [
      '004',
      DK4,
      {
        version: '004',
        signature: 'd0ec5ee3179c964fe7c0485c045541de6bff332b',
        ...DK_FIELDS,
        expiredTs: EXPIRY,
      },
    ],
    [
      '003',
      DK3,
      {
        version: '003',
        signature: '7666966591a93ee5a3f712e22633f31f0cbc8f13',
        ...DK_FIELDS,
        uid: UID,
        expiredTs: EXPIRY,
      },
    ],
    [
      'dk2',
      DK2,
      {
        version: 'dk2',
        signature: '7666966591a93ee5a3f712e22633f31f0cbc8f13',
        ...DK_FIELDS,
        uid: UID,
        expiredTs: EXPIRY,
      },
    ],
    [
      'dk1',
      DK1,
      { version: 'dk1', signature: '870588aad271ff47094eb622617e89d6b5b5a615', ...DK_FIELDS },
    ],
    [
      'signaling',
      SIGNALING,
      {
        version: 'signaling',
        appId: APP_ID,
        expiredTs: 1514219634,
        signature: '82539e1f3973bcfe3f0d0c8993e6c051',
      },
    ],
  ])('should read a %s known answer', (_version, token, expected) => {
    expect(inspectToken(token)).toEqual(expected);
  });

  it('should name the 006 RTM login privilege and the DynamicKey5 service', () => {
    expect(inspectToken(T006_RTM)).toMatchObject({ privileges: { rtmLogin: EXPIRY } });
    expect(inspectToken(DK5)).toMatchObject({ service: 'mediaChannel', extra: {} });
  });

  const cases: Array<[string, string, string, InspectOptions]> = [
    ['007', T007, CERT, {}],
    ['006', T006, CERT, RIGHT],
    ['006 RTM (channel = account, uid "")', T006_RTM, CERT, { channelName: 'test_user', uid: '' }],
    ['005', DK5, DK_CERT, RIGHT],
    ['004', DK4, DK_CERT, RIGHT],
    ['003', DK3, DK_CERT, RIGHT],
    ['dk2', DK2, DK_CERT, { channelName: CHANNEL }],
    ['dk1', DK1, DK_CERT, { channelName: CHANNEL }],
    ['signaling', SIGNALING, CERT, { uid: '2882341273' }],
  ];

  it.each(cases)('should verify a %s signature with the right inputs', (_v, token, cert, rest) => {
    expect(inspectToken(token, { appCertificate: cert, ...rest }).signatureValid).toBe(true);
  });

  it.each(cases)(
    'should refuse a %s signature with a wrong certificate',
    (_v, token, cert, rest) => {
      const wrong = cert.slice(0, -1) + (cert.endsWith('b') ? 'c' : 'b');
      expect(inspectToken(token, { appCertificate: wrong, ...rest }).signatureValid).toBe(false);
    },
  );

  it.each(cases.slice(1))(
    'should refuse a %s signature made for another channel or user',
    (_v, token, cert, rest) => {
      const other = rest.channelName === undefined ? { uid: 'someone' } : { channelName: 'other' };
      const inspected = inspectToken(token, { appCertificate: cert, ...rest, ...other });
      expect(inspected.signatureValid).toBe(false);
    },
  );

  it('should report which DynamicKey4 service the signature matched', () => {
    const inspected = inspectToken(DK4, { appCertificate: DK_CERT, ...RIGHT });
    expect(inspected).toMatchObject({ signatureValid: true, service: 'mediaChannel' });
    expect(inspectToken(DK4, { appCertificate: OTHER_CERT, ...RIGHT })).not.toHaveProperty(
      'service',
    );
  });

  it('should take a decimal account as the uid and refuse a uid other than the carried one', () => {
    const options = { appCertificate: DK_CERT, channelName: CHANNEL };
    expect(inspectToken(DK5, { ...options, uid: String(UID) }).signatureValid).toBe(true);
    expect(inspectToken(DK3, { ...options, uid: 1 }).signatureValid).toBe(false);
  });

  it.each([
    ['006', T006, { channelName: CHANNEL }, 'needs channelName and uid to verify'],
    ['005', DK5, { uid: UID }, 'needs channelName and uid to verify'],
    ['004', DK4, {}, 'needs channelName and uid to verify'],
    ['dk2', DK2, {}, 'needs channelName to verify'],
    ['signaling', SIGNALING, { channelName: CHANNEL }, 'needs the account (uid) to verify'],
  ])('should leave a %s signature unchecked and say why', (_v, token, rest, note) => {
    const inspected = inspectToken(token, { appCertificate: CERT, ...rest });
    expect(inspected).not.toHaveProperty('signatureValid');
    expect(inspected).toHaveProperty('signatureNote', note);
  });

  it('should leave the signature out when no certificate is given', () => {
    expect(inspectToken(T006, RIGHT)).not.toHaveProperty('signatureValid');
    expect(inspectToken(T006, RIGHT)).not.toHaveProperty('signatureNote');
  });

  it('should refuse a malformed certificate even when nothing else is given', () => {
    expect(() => inspectToken(DK1, { appCertificate: 'nope' })).toThrow(TokenError);
  });

  it.each([
    ['a non-string', 42],
    ['an unknown version', '008abc'],
    ['an empty string', ''],
    ['006 truncated', T006.slice(0, -4)],
    ['006 with bad base64', `${T006.slice(0, -2)}!!`],
    ['006 with a short app id', `006${APP_ID.slice(1)}${T006.slice(35)}`],
    ['005 truncated', DK5.slice(0, 40)],
    ['004 with a non-hex character', DK4.replace('d0ec', 'x0ec')],
    ['004 one character short', DK4.slice(0, -1)],
    ['003 one character long', `${DK3}0`],
    ['dk2 with a letter in the uid', `${DK2.slice(0, 90)}x${DK2.slice(91)}`],
    ['dk1 with an uppercase signature', DK1.toUpperCase()],
    ['signaling with an extra field', `${SIGNALING}:x`],
    ['signaling with a leading-zero expiry', SIGNALING.replace(':1514', ':01514')],
  ])('should refuse %s with a TokenError', (_what, token) => {
    expect(() => inspectToken(token)).toThrow(TokenError);
  });

  it('should answer any corruption of any format with a TokenError or a result', () => {
    const tokens = [T007, T006, DK5_UPLOAD, DK4, DK3, DK2, DK1, SIGNALING];
    const edit = fc.record({
      token: fc.constantFrom(...tokens),
      at: fc.nat(),
      cut: fc.boolean(),
      char: fc.constantFrom(...'0a9fAZ+/=:x'),
    });
    fc.assert(
      fc.property(edit, ({ token, at, cut, char }) => {
        const i = at % token.length;
        const corrupt = cut ? token.slice(0, i) : token.slice(0, i) + char + token.slice(i + 1);
        try {
          inspectToken(corrupt, { appCertificate: DK_CERT, ...RIGHT });
        } catch (error) {
          expect(error).toBeInstanceOf(TokenError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  describe('text that is not UTF-8', () => {
    // Agora's Go builder writes a lone surrogate as its WTF-8 bytes; the references all read it.
    const token = rawRtcToken({
      appId: APP_ID,
      appCertificate: CERT,
      issuedAt: 1111111,
      expire: 600,
      salt: 1,
      channel: Buffer.concat([Buffer.from('room\\'), LONE_SURROGATE]),
      user: Buffer.from([0x75, 0xff]),
      privileges: [[1, 600]],
    });

    it('should read it with the stray bytes escaped and verify the original bytes', () => {
      expect(inspectToken(token, { appCertificate: CERT })).toEqual({
        version: '007',
        appId: APP_ID,
        issuedAt: 1111111,
        expire: 600,
        salt: 1,
        services: [
          {
            service: 'rtc',
            channel: 'room\\\\\\xED\\xA0\\x80',
            account: 'u\\xFF',
            privileges: { joinChannel: 600 },
          },
        ],
        escapedStrings: 2,
        signatureValid: true,
      });
      expect(inspectToken(token, { appCertificate: OTHER_CERT })).toHaveProperty(
        'signatureValid',
        false,
      );
    });
  });
});
