import { buildAccessToken2 } from './access-token2';
import { baseOf, type BuilderBase } from './builder-options';

/** FPA tokens always last one day, with login privilege 0, as every reference builds them. */
const FPA_TOKEN_EXPIRE_SECONDS = 86_400;

/** FpaTokenBuilder.buildToken. */
export function buildFpaToken(options: BuilderBase): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: FPA_TOKEN_EXPIRE_SECONDS,
    services: [{ type: 4, privileges: [[1, 0]] }],
  });
}
