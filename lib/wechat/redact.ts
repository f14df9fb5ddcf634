/**
 * Keeps tokens and secrets out of anything that leaves the client: error messages, logs,
 * and errmsg text quoted back from WeChat.
 */
const TOKEN_PARAM = /((?:access_token|secret|appsecret)=)[^&\s"]+/gi;

export function redactUrl(url: string | URL): string {
  return String(url).replace(TOKEN_PARAM, '$1[redacted]');
}

/** Removes every known secret value (tokens, AppSecrets) and token-like query parameters. */
export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text.replace(TOKEN_PARAM, '$1[redacted]');
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}
