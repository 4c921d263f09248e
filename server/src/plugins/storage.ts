import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createLocalDiskStorage } from '../lib/storage/local-disk.js';
import type { Storage } from '../lib/storage/storage.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

/** Evidence files on local disk under DATA_DIR/evidence, outside anything the app serves. */
export default fp(
  async function storagePlugin(fastify: FastifyInstance, opts: { storage?: Storage }) {
    fastify.decorate('storage', opts.storage ?? createLocalDiskStorage({ root: join(fastify.config.dataDir, 'evidence'), clock: fastify.clock }));
  },
  { name: 'storage', dependencies: ['config'] },
);
