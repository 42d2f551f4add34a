import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteFlag } from './route-flag';

const FLAG = 'test:flag';

class Flagged {
  on(): void {}
}
class Plain {
  on(): void {}
  off(): void {}
}
Reflect.defineMetadata(FLAG, true, Flagged);
Reflect.defineMetadata(FLAG, true, Plain.prototype.on);

const contextOf = (type: object, handler: () => void) =>
  ({ getHandler: () => handler, getClass: () => type }) as unknown as ExecutionContext;

describe(RouteFlag.name, () => {
  it('should read the flag from the handler or its controller', () => {
    const flag = new RouteFlag(new Reflector(), FLAG);
    expect(flag.isSet(contextOf(Flagged, Flagged.prototype.on))).toBe(true);
    expect(flag.isSet(contextOf(Plain, Plain.prototype.on))).toBe(true);
    expect(flag.isSet(contextOf(Plain, Plain.prototype.off))).toBe(false);
  });

  it('should ask the Reflector once per handler', () => {
    const reflector = new Reflector();
    const lookup = jest.spyOn(reflector, 'getAllAndOverride');
    const flag = new RouteFlag(reflector, FLAG);
    for (let i = 0; i < 3; i++) {
      flag.isSet(contextOf(Plain, Plain.prototype.on));
      flag.isSet(contextOf(Plain, Plain.prototype.off));
    }
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
