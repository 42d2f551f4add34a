import type { TokenRequest } from '../policy/token-request';
import { boundExpiry } from './expiry-bound';

const request: TokenRequest = {
  version: '007',
  ttl: 600,
  services: [
    {
      service: 'rtc',
      channel: 'room-1',
      uid: 1,
      privileges: { joinChannel: 600, publishDataStream: 60 },
    },
    { service: 'convoai' },
  ],
};

describe(boundExpiry.name, () => {
  it('should leave a request that ends before the bound as it is', () => {
    expect(boundExpiry(request, 600)).toBe(request);
  });

  it('should cut the lifetime and every longer privilege to the bound', () => {
    expect(boundExpiry(request, 120)).toEqual({
      version: '007',
      ttl: 120,
      services: [
        {
          service: 'rtc',
          channel: 'room-1',
          uid: 1,
          privileges: { joinChannel: 120, publishDataStream: 60 },
        },
        { service: 'convoai' },
      ],
    });
    expect(request.ttl).toBe(600);
  });

  it.each([0, -30])('should never go below one second (%d seconds left)', (left) => {
    expect(boundExpiry(request, left)).toMatchObject({ ttl: 1 });
  });
});
