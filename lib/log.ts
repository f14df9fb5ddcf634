import 'server-only';
import pino from 'pino';

/**
 * Structured JSON logs. Known secret-bearing fields are redacted by pino; URLs are passed
 * through redactUrl before they are logged.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'order-desk' },
  redact: {
    paths: ['access_token', 'secret', 'appSecret', 'token', '*.access_token', '*.secret', '*.appSecret', '*.token'],
    censor: '[redacted]',
  },
});
