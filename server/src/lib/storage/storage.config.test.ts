import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';

describe('storage and shared-secret settings', () => {
  const base = { DATA_DIR: '/tmp/rectify-config-test', JWT_SECRET: 'x'.repeat(40) };

  it('when STORAGE is not set, evidence stays on local disk', () => {
    expect(loadConfig(base).s3).toBeUndefined();
  });

  it('when STORAGE=s3, it reads the endpoint, bucket, credentials and path style, and the prefix ends in a slash', () => {
    const s3 = loadConfig({
      ...base,
      STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:8080',
      S3_BUCKET: 'rectify',
      S3_ACCESS_KEY_ID: 'test:tester',
      S3_SECRET_ACCESS_KEY: 'testing',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'jiangchuan',
    }).s3;
    expect(s3).toEqual({ endpoint: 'http://127.0.0.1:8080', region: 'us-east-1', bucket: 'rectify', accessKeyId: 'test:tester', secretAccessKey: 'testing', forcePathStyle: true, prefix: 'jiangchuan/' });
  });

  it('when STORAGE is unknown or S3 has no bucket, start-up stops with a message saying so', () => {
    expect(() => loadConfig({ ...base, STORAGE: 'ftp' })).toThrow(/STORAGE/);
    expect(() => loadConfig({ ...base, STORAGE: 's3' })).toThrow(/S3_BUCKET/);
  });

  it('when DATABASE_URL is set without JWT_SECRET, start-up stops: every instance must sign with the same secret', () => {
    expect(() => loadConfig({ DATA_DIR: base.DATA_DIR, DATABASE_URL: 'postgres://db/rectify' })).toThrow(/JWT_SECRET is required/);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://db/rectify' }).jwtSecret).toBe(base.JWT_SECRET);
  });
});
