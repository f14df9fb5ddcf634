import { describe, expect, it, vi } from 'vitest';
import { AppError } from './errors';

const init = { code: 'rate_limited', message: { en: 'Too many calls this minute.', zh: '本分钟调用次数过多。' }, action: { en: 'Wait.', zh: '请稍候。' }, errcode: 45011 } as const;

class Narrower extends AppError {}

describe('AppError', () => {
  it('is recognised when another copy of the module made it (Next bundles pages and route handlers apart)', async () => {
    vi.resetModules();
    const other = await import('./errors');
    expect(other.AppError).not.toBe(AppError);
    const fromTheOtherCopy = new other.AppError(init);
    expect(fromTheOtherCopy instanceof AppError).toBe(true);
    expect(new AppError(init) instanceof other.AppError).toBe(true);
  });

  it('is not anything else that looks like one', () => {
    const lookalikes: unknown[] = [new Error('Too many calls this minute.'), { ...new AppError(init) }, null, 'rate_limited'];
    for (const value of lookalikes) expect(value instanceof AppError).toBe(false);
  });

  it('leaves subclasses their ordinary check', () => {
    expect(new Narrower(init) instanceof AppError).toBe(true);
    expect(new Narrower(init) instanceof Narrower).toBe(true);
    expect(new AppError(init) instanceof Narrower).toBe(false);
  });
});
