import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '@/lib/errors';
import { errorForErrcode, knownErrcodes } from './errcodes';

describe('errcode mapping', () => {
  it('explains every errcode staff may meet in both languages', () => {
    for (const code of [-1, 40001, 40013, 40014, 40125, 40164, 41001, 42001, 43002, 45009, 45011, 48001, 61004, 89503, 10120002, 10120405]) {
      expect(knownErrcodes).toContain(code);
      const error = errorForErrcode(code, 'msg');
      expect(error.status).toBe(errorStatus[error.code]);
      expect(error.messages.en).not.toMatch(/returned error/);
      expect(error.action.en.length).toBeGreaterThan(5);
      expect(error.action.zh.length).toBeGreaterThan(2);
    }
  });

  it('sends quota and rate limits to 429, configuration faults to 503', () => {
    expect(errorForErrcode(45009, '').status).toBe(429);
    expect(errorForErrcode(45011, '').status).toBe(429);
    expect(errorForErrcode(40013, '').status).toBe(503);
    expect(errorForErrcode(40164, '').status).toBe(502);
  });

  it('quotes an errcode it does not know', () => {
    const error = errorForErrcode(123456, 'new thing');
    expect(error.toBody()).toMatchObject({ code: 'wechat_error', errcode: 123456, errmsg: 'new thing' });
    expect(error.messages.en).toContain('123456');
    expect(error.messages.zh).toContain('123456');
  });

  it('says WeChat answered "parameter error" for 10120002, the way it reports an order it cannot find', () => {
    const error = errorForErrcode(10120002, 'invalid parameter');
    expect(error.status).toBe(404);
    expect(error.messages.en).toContain('“parameter error”');
    expect(error.messages.zh).toContain('“参数错误”');
    expect(error.action.en).toMatch(/account/);
    expect(error.action.zh).toMatch(/账号/);
  });

  it('is documented in docs/wechat-api.md: every errcode with the HTTP status and message it answers', () => {
    const docs = readFileSync(new URL('../../docs/wechat-api.md', import.meta.url), 'utf8');
    for (const code of knownErrcodes) {
      const error = errorForErrcode(code, '');
      const row = docs.split('\n').find((line) => line.startsWith(`| ${code} |`));
      expect(row, `errcode ${code}`).toBeDefined();
      expect(row).toContain(`| ${error.status} \`${error.code}\` |`);
      expect(row).toContain(error.messages.en);
      expect(row).toContain(error.action.en);
    }
  });
});
