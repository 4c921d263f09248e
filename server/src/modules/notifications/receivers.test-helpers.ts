import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A real HTTP receiver (on 127.0.0.1 unless told) that answers each request with the next scripted answer (the last one
 * repeats); a string body is sent as it is, anything else as JSON.
 */
export async function startHttpReceiver(answers: { status: number; body: unknown; headers?: Record<string, string> }[], { host = '127.0.0.1' }: { host?: string } = {}) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}`, port, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A receiver that answers 200 with an endless stream of JSON-looking bytes, up to `total`, writing only as fast as the
 * client reads; `written()` says how many bytes the client let it send.
 */
export async function startFloodingReceiver(total: number) {
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
    const pump = () => {
      while (written < total && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (written >= total) res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    written: () => written,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An open port that speaks another protocol (an SSH banner), as a scan for mail servers would find. */
export async function startBannerServer({ host = '127.0.0.1' }: { host?: string } = {}) {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.write('SSH-2.0-OpenSSH_9.6\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A real SMTP server (on 127.0.0.1 unless told, no TLS) that refuses the first `refuse` recipients with a 451 and keeps the rest. */
export async function startSmtpReceiver({ refuse = 0, host = '127.0.0.1' }: { refuse?: number; host?: string } = {}) {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused < refuse) {
        refused += 1;
        const err = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
