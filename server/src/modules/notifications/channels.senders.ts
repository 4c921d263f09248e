import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelType, NotificationKind } from '@rectify/shared';
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
}

export interface SendResult {
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 10_000;
const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

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

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: payload,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, text: await res.text() };
}

/** The robots answer HTTP 200 even when they refuse a message; their verdict is `errcode` in the body. */
function robotVerdict({ status, text }: { status: number; text: string }): SendResult {
  if (status < 200 || status >= 300) return { ok: false, detail: clip(`HTTP ${status} ${text}`) };
  try {
    const answer = JSON.parse(text) as { errcode?: number; errmsg?: string };
    if (answer.errcode === 0) return { ok: true, detail: clip(`HTTP ${status} ${text}`) };
    return { ok: false, detail: clip(`HTTP ${status} errcode ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim()) };
  } catch {
    return { ok: false, detail: clip(`HTTP ${status} unexpected answer: ${text}`) };
  }
}

async function sendDingtalk({ config, message, now }: SendInput): Promise<SendResult> {
  const url = config.secret ? dingtalkSignedUrl(config.url!, config.secret, now.getTime()) : config.url!;
  return robotVerdict(await postJson(url, { msgtype: 'markdown', markdown: { title: message.title, text: markdownOf(message) } }));
}

async function sendWecom({ config, message }: SendInput): Promise<SendResult> {
  return robotVerdict(await postJson(config.url!, { msgtype: 'markdown', markdown: { content: [`**${message.title}**`, ...message.lines].join('\n') } }));
}

async function sendWebhook({ config, kind, message, deliveryId, now }: SendInput): Promise<SendResult> {
  const body = { event: kind, deliveryId, sentAt: now.toISOString(), title: message.title, lines: message.lines };
  const headers: Record<string, string> = { 'x-rectify-event': kind, 'x-rectify-delivery': String(deliveryId) };
  if (config.secret) headers['x-rectify-signature'] = webhookSignature(config.secret, JSON.stringify(body));
  const { status, text } = await postJson(config.url!, body, headers);
  return { ok: status >= 200 && status < 300, detail: clip(`HTTP ${status}${text ? ` ${text}` : ''}`) };
}

async function sendEmail({ config, message, deliveryId }: SendInput): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: config.smtpHost!,
    port: config.smtpPort ?? (config.smtpSecure ? 465 : 25),
    secure: config.smtpSecure,
    auth: config.smtpUser ? { user: config.smtpUser, pass: config.smtpPassword ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: config.mailFrom!,
      to: config.mailTo,
      subject: message.title,
      text: [...message.lines, '', '—— 问题整改台账系统（Rectify）自动发送'].join('\n'),
      headers: { 'X-Rectify-Delivery': String(deliveryId) },
    });
    return { ok: true, detail: clip(String(info.response ?? 'accepted')) };
  } finally {
    transport.close();
  }
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
    const e = err as Error & { responseCode?: number; code?: string; cause?: { code?: string; message?: string } };
    const detail = [e.responseCode ? `SMTP ${e.responseCode}` : '', e.code ?? e.cause?.code ?? '', e.message].filter(Boolean).join(' ');
    return { ok: false, detail: clip(detail || 'send failed') };
  }
}
