import { describe, expect, it } from 'vitest';
import { clientLimitsOf, readConfig } from '../../server/config';

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

  it('reads the several-machines variables and refuses VERIFY_WORKERS=0 without Redis', () => {
    expect(readConfig({ REDIS_URL: 'redis://cache:6379/0', VERIFY_WORKERS: '0', LEASE_TTL_MS: '3000', DATABASE_URL: 'postgres://u:p@db/arena' })).toMatchObject({
      redisUrl: 'redis://cache:6379/0',
      verifyWorkers: 0,
      poolSize: 0,
      leaseTtlMs: 3000,
      databaseUrl: 'postgres://u:p@db/arena',
    });
    expect(() => readConfig({ VERIFY_WORKERS: '0' })).toThrow(/VERIFY_WORKERS: 0 needs REDIS_URL/);
    expect(() => readConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => readConfig({ LEASE_TTL_MS: '10' })).toThrow(/LEASE_TTL_MS/);
  });
  it('raises the per-address join and connect limits for a class behind one NAT address', () => {
    expect(clientLimitsOf(readConfig({}))).toEqual({});
    expect(clientLimitsOf(readConfig({ JOINS_PER_ADDRESS_PER_MINUTE: '3000', CONNECTS_PER_ADDRESS_PER_MINUTE: '4000' }))).toEqual({
      join: { limit: 3000, windowMs: 60_000 },
      connect: { limit: 4000, windowMs: 60_000 },
    });
    expect(() => readConfig({ JOINS_PER_ADDRESS_PER_MINUTE: '0' })).toThrow();
  });
});
