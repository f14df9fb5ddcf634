import 'server-only';
import { getLocale, getMessages, getTimeZone } from 'next-intl/server';

/**
 * What a client subtree needs to translate on its own: passed as plain props to the order
 * pages' lazily loaded parts, so the i18n runtime is not in the pages' first JavaScript.
 */
export interface ClientIntl {
  locale: string;
  timeZone: string;
  messages: Record<string, unknown>;
  /** The server's clock as it rendered: relative times render the same on the server and in the browser. */
  now: Date;
}

export async function clientIntl(namespaces: string[]): Promise<ClientIntl> {
  const messages = (await getMessages()) as Record<string, unknown>;
  return {
    locale: await getLocale(),
    timeZone: await getTimeZone(),
    messages: Object.fromEntries(namespaces.map((ns) => [ns, messages[ns]])),
    now: new Date(),
  };
}
