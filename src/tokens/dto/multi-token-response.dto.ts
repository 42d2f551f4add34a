import { IssuedServiceDto } from './issued-service.dto';
import { IssuedTokenDto } from './issued-token.dto';

/** An issued multi-service 007 token. */
export class MultiTokenResponseDto extends IssuedTokenDto {
  /** The services in the token, in packing order (by service type). */
  services!: IssuedServiceDto[];
}
