import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { Client } from 'ldapts';

const SLAPD = '/usr/sbin/slapd';
const BASE_DN = 'dc=example,dc=org';
const ADMIN_DN = `cn=admin,${BASE_DN}`;
const ADMIN_PASSWORD = 'slapd-admin-secret';

export interface DirectoryUser {
  uid: string;
  password: string;
  cn?: string;
}

/**
 * Directory tests run where Debian's slapd is installed and are skipped elsewhere; with CI=true a missing slapd is a
 * failure, so that the directory tier cannot silently stop running.
 */
export function describeWithSlapd(name: string, fn: () => void) {
  if (existsSync(SLAPD)) return describe(name, fn);
  if (process.env.CI === 'true') throw new Error(`${SLAPD} is missing and CI=true: install the Debian package slapd`);
  console.warn(`[slapd] SKIPPED "${name}": ${SLAPD} is missing (apt-get install -y slapd ldap-utils)`);
  return describe.skip(name, fn);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers: what a hung or black-holed directory looks like. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ldap://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Salted SHA-1, the scheme slappasswd writes by default. */
function ssha(password: string) {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** A throwaway CA and a server certificate for 127.0.0.1 and localhost, made at test time and deleted afterwards. */
function makeCertificates(dir: string) {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Rectify Test CA']);
  run(['req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '1', '-subj', '/CN=Untrusted Test CA']);
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  execFileSync('sh', ['-c', 'printf "subjectAltName=DNS:localhost,IP:127.0.0.1\\n" > san.cnf'], { cwd: dir });
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.cnf']);
}

async function waitForPort(port: number, child: ChildProcess, deadline: number) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.setTimeout(500, () => resolve(false));
      socket.once('close', () => socket.destroy());
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error('slapd did not start listening within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts slapd as the current user on random ports (plain with StartTLS, and LDAPS) with a temporary slapd.conf and
 * mdb database holding `ou=people` with the given users; `stop()` ends it and removes everything it wrote.
 */
export async function startSlapd({ users }: { users: DirectoryUser[] }) {
  const dir = await mkdtemp(join(tmpdir(), 'rectify-slapd-'));
  await mkdir(join(dir, 'db'));
  makeCertificates(dir);
  const conf = [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    `pidfile ${dir}/slapd.pid`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `TLSCACertificateFile ${dir}/ca.pem`,
    `TLSCertificateFile ${dir}/server.pem`,
    `TLSCertificateKeyFile ${dir}/server.key`,
    'database mdb',
    `suffix "${BASE_DN}"`,
    `rootdn "${ADMIN_DN}"`,
    `rootpw ${ADMIN_PASSWORD}`,
    `directory ${dir}/db`,
    'maxsize 16777216',
    // As a real directory: only a bound account may search, and nobody reads a password.
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
  ].join('\n');
  await writeFile(join(dir, 'slapd.conf'), `${conf}\n`);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const child = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, Date.now() + 15_000);
    await waitForPort(tlsPort, child, Date.now() + 15_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }

  const url = `ldap://127.0.0.1:${port}`;
  const admin = new Client({ url, timeout: 5000, connectTimeout: 5000 });
  try {
    await admin.bind(ADMIN_DN, ADMIN_PASSWORD);
    await admin.add(BASE_DN, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
    await admin.add(`ou=people,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'people' });
    await admin.add(`cn=rectify,${BASE_DN}`, { objectClass: ['person'], cn: 'rectify', sn: 'service', userPassword: ssha('service-secret') });
    for (const user of users) {
      await admin.add(`uid=${user.uid},ou=people,${BASE_DN}`, {
        objectClass: ['inetOrgPerson'],
        uid: user.uid,
        cn: user.cn ?? user.uid,
        sn: user.uid,
        userPassword: ssha(user.password),
      });
    }
  } finally {
    await admin.unbind();
  }

  return {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`,
    /** The test CA that signed the server's certificate, and another one that did not. */
    caCertPem: await readFile(join(dir, 'ca.pem'), 'utf8'),
    otherCaCertPem: await readFile(join(dir, 'other-ca.pem'), 'utf8'),
    searchBase: `ou=people,${BASE_DN}`,
    bindDn: `cn=rectify,${BASE_DN}`,
    bindPassword: 'service-secret',
    stop,
  };
}

export type Slapd = Awaited<ReturnType<typeof startSlapd>>;
