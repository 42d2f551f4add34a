/**
 * A service that carries no fields (`{}`): FPA (an any-user login, so it needs `tokens:wildcard`),
 * ConvoAI and STT (markers riding with `rtc` and `rtm`, for service sessions with
 * `tokens:issue-any` only).
 */
export class EmptyServiceDto {}
