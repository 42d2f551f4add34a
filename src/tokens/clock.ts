/** Injection token of the clock; tests pin it: `jest.spyOn(app.get(CLOCK), 'nowSeconds')`. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  /** Current unix time in whole seconds. */
  nowSeconds(): number;
}

/** A fresh system clock per application, so pinning one app's clock leaves the others alone. */
export function systemClock(): Clock {
  return { nowSeconds: () => Math.floor(Date.now() / 1000) };
}
