/** The community server's answer. */
export class GetTokenResponseDto {
  /** An Agora 007 token. */
  token!: string;
}
