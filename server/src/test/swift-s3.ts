import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, serverDir } from '../security/child-server.js';
import { createS3Client, type S3Settings } from '../lib/storage/s3.js';

const run = promisify(execFile);
const scripts = join(serverDir, 'test-servers', 'swift-s3');

/**
 * Whether OpenStack Swift (Debian's packages) is here. Without it the S3 tests skip, unless CI=true, where a missing
 * Swift is a failure, as a missing Chromium is for the browser tests.
 */
export function swiftAvailable(): boolean {
  const present = ['/usr/bin/swift-ring-builder', '/usr/lib/python3/dist-packages/swift/proxy/server.py'].every((f) => existsSync(f));
  if (!present && process.env.CI === 'true') throw new Error('OpenStack Swift is not installed (apt-get install swift swift-proxy swift-object swift-container swift-account memcached) and CI=true');
  return present;
}

export interface SwiftS3 {
  settings: S3Settings;
  /** The variables a server process reads to use this store (STORAGE=s3 and the S3_* settings). */
  env: Record<string, string>;
  client: ReturnType<typeof createS3Client>;
  stop(): Promise<void>;
}

/** A throw-away Swift with its S3 API on free ports and in a directory of its own, so test files never share one. */
export async function startSwiftS3(bucket = 'rectify-evidence'): Promise<SwiftS3> {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-swift-'));
  const ports = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    SWIFT_S3_DIR: dir,
    SWIFT_S3_PORT: String(ports[0]),
    SWIFT_S3_OBJECT_PORT: String(ports[1]),
    SWIFT_S3_CONTAINER_PORT: String(ports[2]),
    SWIFT_S3_ACCOUNT_PORT: String(ports[3]),
    SWIFT_S3_MEMCACHED_PORT: String(ports[4]),
  };
  const { stdout } = await run(join(scripts, 'start.sh'), { env, timeout: 90_000 });
  const vars = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const settings: S3Settings = {
    endpoint: vars.S3_ENDPOINT,
    region: vars.AWS_REGION ?? 'us-east-1',
    bucket,
    accessKeyId: vars.AWS_ACCESS_KEY_ID?.replace(/\\/g, ''),
    secretAccessKey: vars.AWS_SECRET_ACCESS_KEY,
    forcePathStyle: true,
    prefix: '',
  };
  const client = createS3Client(settings);
  return {
    settings,
    client,
    env: {
      STORAGE: 's3',
      S3_ENDPOINT: settings.endpoint!,
      S3_BUCKET: bucket,
      S3_REGION: settings.region,
      S3_ACCESS_KEY_ID: settings.accessKeyId!,
      S3_SECRET_ACCESS_KEY: settings.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      client.destroy();
      await run(join(scripts, 'stop.sh'), ['--purge'], { env, timeout: 30_000 });
    },
  };
}
