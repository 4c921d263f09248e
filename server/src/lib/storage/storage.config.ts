import type { S3Settings } from './s3.js';

/**
 * Where evidence lives, from the environment: local disk (the default), or with `STORAGE=s3` a bucket of any
 * S3-compatible store. Credentials come from S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY, else the AWS SDK's own chain
 * (AWS_ACCESS_KEY_ID, profiles, instance roles).
 */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const kind = (env.STORAGE ?? 'local').toLowerCase();
  if (kind === 'local' || kind === '') return undefined;
  if (kind !== 's3') throw new Error(`STORAGE must be "local" or "s3", got "${env.STORAGE}"`);
  if (!env.S3_BUCKET) throw new Error('STORAGE=s3 needs S3_BUCKET');
  const prefix = env.S3_PREFIX ?? '';
  return {
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: ['1', 'true', 'yes', 'on'].includes((env.S3_FORCE_PATH_STYLE ?? 'false').toLowerCase()),
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  };
}
