import 'server-only';

/** What the audit trail and logs say about a request: who it came from and its id (set by proxy.ts). */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function requestInfo(headers: Headers): RequestInfo {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return {
    ip: forwarded || headers.get('x-real-ip') || null,
    userAgent: headers.get('user-agent'),
    requestId: headers.get('x-request-id'),
  };
}
