import { HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownService } from '../lifecycle/shutdown.service';
import { ShutdownHealthIndicator } from './shutdown.health';

describe(ShutdownHealthIndicator.name, () => {
  it('should be up until shutdown begins, then down with nothing but the status', () => {
    const shutdown = new ShutdownService();
    const sut = new ShutdownHealthIndicator(new HealthIndicatorService(), shutdown);
    expect(sut.check('shutdown')).toEqual({ shutdown: { status: 'up' } });
    shutdown.beginDraining();
    expect(sut.check('shutdown')).toEqual({ shutdown: { status: 'down' } });
  });
});
