/**
 * The tutorial server's answer: the token and `code`, the HTTP status as text (its server.go writes
 * `strconv.Itoa(httpStatusCode)`), so `"200"`.
 */
export class FetchRtcTokenResponseDto {
  /** An Agora 007 RTC token. */
  token!: string;

  /**
   * Always `"200"` on success, as the tutorial server sends it.
   * @example "200"
   */
  code!: string;
}
