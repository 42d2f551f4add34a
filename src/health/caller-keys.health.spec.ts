import { HealthIndicatorService } from '@nestjs/terminus';
import type { CallerKeys } from '../auth/caller-keys';
import { CallerKeysHealthIndicator } from './caller-keys.health';

describe(CallerKeysHealthIndicator.name, () => {
  const indicator = (ready: boolean) =>
    new CallerKeysHealthIndicator(new HealthIndicatorService(), {
      ready: () => Promise.resolve(ready),
    } as unknown as CallerKeys);

  it('should be up when caller keys are available', async () => {
    expect(await indicator(true).check('callerKeys')).toEqual({ callerKeys: { status: 'up' } });
  });

  it('should be down, with nothing but the status, when they are not', async () => {
    expect(await indicator(false).check('callerKeys')).toEqual({ callerKeys: { status: 'down' } });
  });
});
