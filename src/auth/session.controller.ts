import {
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Get,
  Header,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import type { AppSession } from './app-session';
import { SessionDto } from './dto/session.dto';

export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AppSession => {
    const { user } = context.switchToHttp().getRequest<{ user?: AppSession }>();
    if (!user) {
      // A programming error (a @Public() route asking for a session), not a client error.
      throw new Error('@CurrentSession() used on a route the JWT guard did not authenticate');
    }
    return user;
  },
);

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
