import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../security/child-server.js';

export const nginxBinary = '/usr/sbin/nginx';

/** Whether Debian's nginx is here; with CI=true its absence is a failure, as a missing Chromium is for the browser tests. */
export function nginxAvailable(): boolean {
  const present = existsSync(nginxBinary);
  if (!present && process.env.CI === 'true') throw new Error('nginx is not installed (apt-get install nginx) and CI=true');
  return present;
}

/**
 * The load balancer of docs/operations.md ("多实例部署"): round-robin over the instances, uploads streamed through
 * unbuffered, and each answer naming the instance that served it (`X-Upstream`) so a test can tell them apart.
 */
export function nginxConfig({ listen, upstreams, prefix }: { listen: number; upstreams: string[]; prefix: string }): string {
  return `
user ${userInfo().username};
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream rectify {
${upstreams.map((u) => `    server ${u};`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listen};
    client_max_body_size 60m;
    location / {
      proxy_pass http://rectify;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_request_buffering off;
      proxy_read_timeout 120s;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** nginx in the foreground on a free port with its config, pid, logs and temp files in a directory of its own. */
export async function startNginx(upstreams: string[]) {
  const prefix = mkdtempSync(join(tmpdir(), 'rectify-nginx-'));
  const port = await freePort();
  writeFileSync(join(prefix, 'nginx.conf'), nginxConfig({ listen: port, upstreams, prefix }));
  const child = spawn(nginxBinary, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
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
