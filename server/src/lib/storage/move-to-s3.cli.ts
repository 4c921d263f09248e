import { join } from 'node:path';
import { loadConfig } from '../../config.js';
import { createDatabase } from '../../db/client.js';
import { createLocalDiskStorage } from './local-disk.js';
import { moveEvidenceToS3 } from './move-to-s3.js';
import { createS3Client, createS3Storage } from './s3.js';

/**
 * `pnpm storage:move-to-s3`: run with the environment the server will start with (DATA_DIR, DATABASE_URL,
 * STORAGE=s3 and the S3_* settings), while the server is stopped on PGlite, or at any time on PostgreSQL.
 * Copies DATA_DIR/evidence into the bucket, verifies every SHA-256, and exits 1 if any file failed.
 */
const config = loadConfig();
if (!config.s3) {
  console.error('Set STORAGE=s3 and the S3_* settings the server will use (see README, 对象存储).');
  process.exit(2);
}
const database = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'), poolSize: 2 });
const client = createS3Client(config.s3);
try {
  const to = createS3Storage({ client, bucket: config.s3.bucket, prefix: config.s3.prefix, spoolDir: join(config.dataDir, 'spool') });
  await to.ensureBucket();
  const from = createLocalDiskStorage({ root: join(config.dataDir, 'evidence') });
  console.log(`moving evidence from ${join(config.dataDir, 'evidence')} to bucket ${config.s3.bucket} (${config.s3.endpoint ?? 'AWS'}, prefix "${config.s3.prefix}")`);
  const result = await moveEvidenceToS3({
    db: database.db,
    from,
    to,
    onProgress: (done, total) => {
      if (done % 100 === 0 || done === total) console.log(`  ${done}/${total}`);
    },
  });
  console.log(`copied ${result.copied} (${result.bytes} bytes), already there ${result.alreadyThere}, failed ${result.failures.length}; every SHA-256 read back and compared`);
  for (const f of result.failures) console.error(`  FAILED ${f.key}: ${f.reason}`);
  process.exitCode = result.failures.length ? 1 : 0;
} finally {
  client.destroy();
  await database.close();
}
