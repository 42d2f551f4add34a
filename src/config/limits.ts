/** Agora token lifetimes above one day are a boot error (design §4: hard cap 86400 s). */
export const TOKEN_TTL_HARD_CAP_SECONDS = 86_400;

/** Default and maximum Agora token lifetime unless configured (design §10). */
export const TOKEN_TTL_DEFAULT_SECONDS = 3600;
