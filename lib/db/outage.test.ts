import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, rememberUnreachable } from './outage';

const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
const failedQuery = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('isDatabaseUnreachable', () => {
  it('knows PostgreSQL’s codes for a connection lost or refused, and the driver’s words', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('the database system is shutting down'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('counts a network error only when it is the database’s: seen by the pool, or under a failed query', () => {
    expect(isDatabaseUnreachable(errno('ECONNREFUSED'))).toBe(false);
    expect(isDatabaseUnreachable(errno('ECONNREFUSED'), true)).toBe(true);
    expect(isDatabaseUnreachable(failedQuery(errno('ECONNREFUSED')))).toBe(true);
    // Several addresses tried (localhost): an AggregateError of refusals.
    expect(isDatabaseUnreachable(failedQuery(Object.assign(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]), { code: 'ECONNREFUSED' })))).toBe(true);
    expect(isDatabaseUnreachable(new Error('wrapped', { cause: failedQuery(errno('ECONNRESET')) }))).toBe(true);
  });

  it('does not take a failed query for an outage', () => {
    expect(isDatabaseUnreachable(failedQuery(Object.assign(new Error('duplicate key value'), { code: '23505' })))).toBe(false);
    expect(isDatabaseUnreachable(failedQuery(Object.assign(new Error('relation does not exist'), { code: '42P01' })))).toBe(false);
    expect(isDatabaseUnreachable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
  });

  it('knows an error the pool saw as unreachable wherever it ends up, wrapped or not', () => {
    const seen = new Error('an error of the driver’s own making');
    expect(isDatabaseUnreachable(new Error('session check failed', { cause: seen }))).toBe(false);
    rememberUnreachable(seen);
    expect(isDatabaseUnreachable(seen)).toBe(true);
    expect(isDatabaseUnreachable(new Error('session check failed', { cause: seen }))).toBe(true);
  });
});
