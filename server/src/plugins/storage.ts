import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createLocalDiskStorage } from '../lib/storage/local-disk.js';
import { createS3Client, createS3Storage } from '../lib/storage/s3.js';
import type { Storage } from '../lib/storage/storage.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

/**
 * Evidence files on local disk under DATA_DIR/evidence, outside anything the app serves, or in an S3-compatible
 * bucket (config.s3), whose uploads spool under DATA_DIR/spool. The bucket is created if missing, so a wrong
 * endpoint or credentials stop the start rather than the first upload.
 */
export default fp(
  async function storagePlugin(fastify: FastifyInstance, opts: { storage?: Storage }) {
    const { dataDir, s3 } = fastify.config;
    let storage = opts.storage;
    if (!storage && s3) {
      const client = createS3Client(s3);
      const bucket = createS3Storage({ client, bucket: s3.bucket, prefix: s3.prefix, spoolDir: join(dataDir, 'spool'), clock: fastify.clock });
      await bucket.ensureBucket();
      fastify.addHook('onClose', async () => client.destroy());
      fastify.log.info({ endpoint: s3.endpoint, bucket: s3.bucket, prefix: s3.prefix }, 'evidence in S3-compatible storage');
      storage = bucket;
    }
    fastify.decorate('storage', storage ?? createLocalDiskStorage({ root: join(dataDir, 'evidence'), clock: fastify.clock }));
  },
  { name: 'storage', dependencies: ['config'] },
);
