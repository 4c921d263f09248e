import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, serverDir } from '../security/child-server.js';

export const nginxBinary = '/usr/sbin/nginx';

/** Whether Debian's nginx is here; with CI=true its absence is a failure, as a missing Chromium is for the browser tests. */
export function nginxAvailable(): boolean {
  const present = existsSync(nginxBinary);
  if (!present && process.env.CI === 'true') throw new Error('nginx is not installed (apt-get install nginx) and CI=true');
  return present;
}

/** docs/nginx-two-instances.conf, the load balancer docs/operations.md ("多实例部署") tells an operator to run. */
const documentedConfig = join(serverDir, '..', 'docs', 'nginx-two-instances.conf');

/** That configuration with this run's ports: round-robin, uploads unbuffered, `X-Upstream` naming the instance. */
export function nginxConfig({ listen, upstreams }: { listen: number; upstreams: string[] }): string {
  const text = readFileSync(documentedConfig, 'utf8');
  const withUpstreams = text.replace(/(upstream rectify \{\n)((?:\s*server [^\n]+\n)+)/, (_, head: string) => head + upstreams.map((u) => `    server ${u};\n`).join(''));
  const result = withUpstreams.replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${listen};`);
  if (!result.includes(`server ${upstreams[0]};`) || !result.includes(`:${listen};`)) throw new Error(`${documentedConfig} no longer has the upstream and listen lines the test replaces`);
  return result;
}

/** nginx in the foreground on a free port, with its config, pid, logs and temp files in a directory of its own. */
export async function startNginx(upstreams: string[]) {
  const prefix = mkdtempSync(join(tmpdir(), 'rectify-nginx-'));
  // Started as root, nginx's worker runs as nobody and must reach its temp directories inside the prefix.
  chmodSync(prefix, 0o755);
  const port = await freePort();
  writeFileSync(join(prefix, 'nginx.conf'), nginxConfig({ listen: port, upstreams }));
  const args = ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'];
  const child = spawn(nginxBinary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if (await fetch(`${url}/api/health`).then(() => true, () => false)) break;
    if (i > 100) throw new Error(`nginx did not answer: ${stderr}`);
    await sleep(100);
  }
  return {
    url,
    async stop() {
      // SIGQUIT: a graceful stop of the master and its worker.
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
