import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import type { AppSession } from './app-session';
import { SessionDto } from './dto/session.dto';
import { CurrentSession } from './session.decorator';

@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  /** The caller's session as the token policy sees it: identity, scopes, binding, channel grants. */
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiErrorResponses(401, 503)
  getSession(@CurrentSession() session: AppSession): SessionDto {
    return SessionDto.from(session);
  }
}
