/**
 * A caller's JWT was refused. `message` is the reason, for the log only: the client always gets the
 * same 401 body. Never put token material in the message.
 */
export class AuthRejection extends Error {
  override readonly name = 'AuthRejection';
}
