/** Injection token of the token service's clock. */
export const CLOCK = Symbol('CLOCK');

/**
 * Where "now" comes from. Injected so tests can pin it (`jest.spyOn(app.get(CLOCK), 'nowSeconds')`);
 * the library itself never reads the clock when it is handed `issuedAt`.
 */
export interface Clock {
  /** Current unix time in whole seconds. */
  nowSeconds(): number;
}

/** A fresh system clock per application, so pinning one app's clock leaves the others alone. */
export function systemClock(): Clock {
  return { nowSeconds: () => Math.floor(Date.now() / 1000) };
}
