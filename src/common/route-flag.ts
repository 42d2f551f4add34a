import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** A boolean route decorator on handler or controller; the Reflector is asked once per handler. */
export class RouteFlag {
  private readonly handlers = new WeakMap<object, boolean>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  isSet(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let set = this.handlers.get(handler);
    if (set === undefined) {
      set =
        this.reflector.getAllAndOverride<boolean | undefined>(this.key, [
          handler,
          context.getClass(),
        ]) === true;
      this.handlers.set(handler, set);
    }
    return set;
  }
}
