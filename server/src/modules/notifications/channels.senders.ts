import { createHmac } from 'node:crypto';
import type { Static } from 'typebox';
import type { ChannelTestResult, ChannelType, NotificationKind } from '@rectify/shared';
import type { AddressPolicy } from '../../lib/outbound/address-policy.js';
import { postJson, type OutboundAnswer } from '../../lib/outbound/http.js';
import { toOutboundError, type OutboundFailure } from '../../lib/outbound/outbound-error.js';
import type { Resolver } from '../../lib/outbound/resolve.js';
import { sendMailChecked } from '../../lib/outbound/smtp.js';
import type { OutboundMessage } from './notifications.notify.js';

/** What an administrator stored for a channel (secrets included; never sent back to clients). */
export interface ChannelConfig {
  url: string | null;
  secret: string | null;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecure: boolean;
  smtpUser: string | null;
  smtpPassword: string | null;
  mailFrom: string | null;
  mailTo: string[];
}

export interface SendInput {
  type: ChannelType;
  config: ChannelConfig;
  kind: NotificationKind | 'test';
  message: OutboundMessage;
  deliveryId: number;
  now: Date;
  outbound: OutboundOptions;
}

/** The outcome of one send: safe to show an administrator and to keep in the delivery log (no answer bodies). */
export type SendResult = Static<typeof ChannelTestResult>;

/** Where sends may go (and, in tests, which DNS answers them). */
export interface OutboundOptions {
  policy: AddressPolicy;
  resolver?: Resolver;
}

const ERRMSG_MAX = 200;
const failureText: Record<OutboundFailure, string> = {
  address_not_allowed: '接收地址是内网或保留地址，未获准访问',
  unreachable: '无法连接到接收方',
};

const result = (fields: Partial<SendResult> & Pick<SendResult, 'ok' | 'detail'>): SendResult => ({ status: null, errcode: null, errmsg: null, failure: null, ...fields });

/** DingTalk 加签: HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, base64, added to the query string. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const target = new URL(url);
  target.searchParams.set('timestamp', String(timestamp));
  target.searchParams.set('sign', sign);
  return target.toString();
}

export const webhookSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function markdownOf(message: OutboundMessage) {
  return [`### ${message.title}`, '', ...message.lines.map((l) => `- ${l}`)].join('\n');
}

function parseAnswer(body: Buffer): { errcode?: unknown; errmsg?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** The robots answer HTTP 200 even when they refuse a message; their verdict is `errcode`/`errmsg` in the body. */
function robotVerdict({ status, body, truncated }: OutboundAnswer): SendResult {
  const answer = truncated ? null : parseAnswer(body);
  const errcode = Number.isInteger(answer?.errcode) ? (answer!.errcode as number) : null;
  const errmsg = typeof answer?.errmsg === 'string' ? answer.errmsg.slice(0, ERRMSG_MAX) : null;
  const ok = status >= 200 && status < 300 && errcode === 0;
  const verdict = errcode === null ? (status >= 200 && status < 300 ? '应答中没有 errcode' : '') : `errcode ${errcode}${errmsg ? ` ${errmsg}` : ''}`;
  return result({ ok, status, errcode, errmsg, detail: `HTTP ${status}${verdict ? ` ${verdict}` : ''}` });
}

const post = (url: string, payload: unknown, { outbound, headers }: { outbound: OutboundOptions; headers?: Record<string, string> }) =>
  postJson({ url, body: typeof payload === 'string' ? payload : JSON.stringify(payload), headers, ...outbound });

async function sendDingtalk({ config, message, now, outbound }: SendInput): Promise<SendResult> {
  const url = config.secret ? dingtalkSignedUrl(config.url!, config.secret, now.getTime()) : config.url!;
  return robotVerdict(await post(url, { msgtype: 'markdown', markdown: { title: message.title, text: markdownOf(message) } }, { outbound }));
}

async function sendWecom({ config, message, outbound }: SendInput): Promise<SendResult> {
  return robotVerdict(await post(config.url!, { msgtype: 'markdown', markdown: { content: [`**${message.title}**`, ...message.lines].join('\n') } }, { outbound }));
}

async function sendWebhook({ config, kind, message, deliveryId, now, outbound }: SendInput): Promise<SendResult> {
  const body = JSON.stringify({ event: kind, deliveryId, sentAt: now.toISOString(), title: message.title, lines: message.lines });
  const headers: Record<string, string> = { 'x-rectify-event': kind, 'x-rectify-delivery': String(deliveryId) };
  if (config.secret) headers['x-rectify-signature'] = webhookSignature(config.secret, body);
  const { status } = await post(config.url!, body, { outbound, headers });
  return result({ ok: status >= 200 && status < 300, status, detail: `HTTP ${status}` });
}

async function sendEmail({ config, message, deliveryId, outbound }: SendInput): Promise<SendResult> {
  const { accepted, code } = await sendMailChecked({
    host: config.smtpHost!,
    port: config.smtpPort ?? (config.smtpSecure ? 465 : 25),
    secure: config.smtpSecure,
    auth: config.smtpUser ? { user: config.smtpUser, pass: config.smtpPassword ?? '' } : undefined,
    mail: {
      from: config.mailFrom!,
      to: config.mailTo,
      subject: message.title,
      text: [...message.lines, '', '—— 问题整改台账系统（Rectify）自动发送'].join('\n'),
      headers: { 'X-Rectify-Delivery': String(deliveryId) },
    },
    ...outbound,
  });
  const detail = code ? `SMTP ${code}` : accepted ? 'SMTP 已接收' : 'SMTP 拒收';
  return result({ ok: accepted, status: code, detail });
}

const senders: Record<ChannelType, (input: SendInput) => Promise<SendResult>> = {
  dingtalk: sendDingtalk,
  wecom: sendWecom,
  webhook: sendWebhook,
  email: sendEmail,
};

/** Sends one message; any failure (refusal, timeout, connection error) comes back as `ok: false`, never thrown. */
export async function sendToChannel(input: SendInput): Promise<SendResult> {
  try {
    return await senders[input.type](input);
  } catch (err) {
    const { failure } = toOutboundError(err);
    return result({ ok: false, failure, detail: failureText[failure] });
  }
}
