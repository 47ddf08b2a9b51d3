import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { AuthService, TokenRequest } from './auth.service';
import type { AccessToken } from './token.service';

/** `POST /oauth/token` (outside the `/v1` prefix, as in OrderCloud), form-encoded. */
@Controller('oauth')
export class OAuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  token(@Body() body: TokenRequest): Promise<AccessToken> {
    return this.auth.token(body ?? {});
  }
}
