import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { CallerKeys } from './caller-keys';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { SessionController } from './session.controller';

@Module({
  imports: [PassportModule],
  controllers: [SessionController],
  providers: [CallerKeys, JwtStrategy, JwtAuthGuard],
  exports: [CallerKeys, JwtAuthGuard],
})
export class AuthModule {}
