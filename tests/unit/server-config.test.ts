import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';

describe('readConfig', () => {
  it('reads PORT, DATABASE_URL and the switches', () => {
    expect(readConfig({ PORT: '4000', DATABASE_URL: 'file:x.db', TUNE_ARENA_NO_NEXT: '1' })).toMatchObject({
      port: 4000,
      databaseUrl: 'file:x.db',
      next: false,
      dev: false,
    });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ PORT: '', TUNE_ARENA_DEV: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, dev: false, next: true, databaseUrl: undefined });
  });

  it('refuses a malformed value with a message naming it', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ TUNE_ARENA_DEV: 'yes' })).toThrow(/TUNE_ARENA_DEV/);
  });
});
