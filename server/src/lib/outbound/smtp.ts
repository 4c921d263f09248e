import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { AddressPolicy } from './address-policy.js';
import { OutboundError } from './outbound-error.js';
import { OUTBOUND_TIMEOUT_MS } from './http.js';
import { resolveChecked, type Resolver } from './resolve.js';

export interface MailInput {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  mail: SendMailOptions;
  policy: AddressPolicy;
  resolver?: Resolver;
  timeoutMs?: number;
}

/** What the mail server said: its reply code, when it spoke SMTP at all. */
export interface MailVerdict {
  accepted: boolean;
  code: number | null;
}

const replyCode = (text: unknown) => Number(/^\d{3}/.exec(String(text ?? ''))?.[0]) || null;

/**
 * Sends one message through an SMTP server at a public address (or one OUTBOUND_ALLOW names). The host is resolved
 * and checked here and the connection goes to the checked address, with the host name kept for TLS (SNI and the
 * certificate check). Only a server that greeted as SMTP gets its reply code passed on; anything before that
 * (refused, timed out, a port that speaks another protocol, TLS) is one `OutboundError`.
 */
export async function sendMailChecked({ host, port, secure, auth, mail, policy, resolver, timeoutMs = OUTBOUND_TIMEOUT_MS }: MailInput): Promise<MailVerdict> {
  const [target] = await resolveChecked({ host, policy, resolver });
  const transport = nodemailer.createTransport({
    host: target.address,
    port,
    secure,
    servername: target.address === host ? undefined : host,
    tls: target.address === host ? undefined : { servername: host },
    auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail(mail);
    return { accepted: true, code: replyCode(info.response) };
  } catch (err) {
    const e = err as { command?: string; responseCode?: number };
    if (!e.command || e.command === 'CONN') throw new OutboundError('unreachable');
    return { accepted: false, code: e.responseCode ?? null };
  } finally {
    transport.close();
  }
}
