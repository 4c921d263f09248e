import { describe, expect, it } from 'vitest';
import type { Channel } from '@rectify/shared';
import { emptyForm, formFromChannel, mailList, toCreateBody, toUpdateBody, validateChannel, type ChannelForm } from './channel-form';

const channel = (overrides: Partial<Channel> = {}): Channel => ({
  id: 5,
  type: 'dingtalk',
  name: '工委督办群',
  enabled: true,
  orgId: null,
  events: ['overdue_alert', 'notice_issued'],
  url: 'https://oapi.dingtalk.com/robot/send?access_token=****c0de',
  secretSet: true,
  smtpHost: null,
  smtpPort: null,
  smtpSecure: false,
  smtpUser: null,
  smtpPasswordSet: false,
  mailFrom: null,
  mailTo: [],
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  ...overrides,
});

const filled = (overrides: Partial<ChannelForm>): ChannelForm => ({ ...emptyForm(), name: '渠道', ...overrides });

describe('the channel form, kind by kind', () => {
  it('a DingTalk robot sends its address and signing secret, and nothing of e-mail', () => {
    const form = filled({ type: 'dingtalk', url: ' https://oapi.dingtalk.com/robot/send?access_token=abc123 ', secret: 'SECxyz', smtpHost: 'left.over', mailTo: 'a@b.cn' });
    expect(toCreateBody(form)).toEqual({
      type: 'dingtalk',
      name: '渠道',
      enabled: true,
      orgId: null,
      events: form.events,
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      secret: 'SECxyz',
    });
  });

  it('a WeCom robot has no secret, and a webhook leaves an empty secret out', () => {
    expect(toCreateBody(filled({ type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: 'ignored' }))).not.toHaveProperty('secret');
    const webhook = toCreateBody(filled({ type: 'webhook', url: 'http://127.0.0.1:8080/hook', orgId: 3 }));
    expect(webhook).toMatchObject({ type: 'webhook', url: 'http://127.0.0.1:8080/hook', orgId: 3 });
    expect(webhook).not.toHaveProperty('secret');
  });

  it('e-mail sends the SMTP settings and one recipient per line or comma, and no address', () => {
    const body = toCreateBody(
      filled({ type: 'email', url: 'http://left.over', smtpHost: 'smtp.example.cn', smtpPort: 465, smtpSecure: true, smtpUser: '', smtpPassword: 'pw', mailFrom: 'rectify@example.cn', mailTo: 'a@example.cn\nb@example.cn, c@example.cn' }),
    );
    expect(body).toEqual({
      type: 'email',
      name: '渠道',
      enabled: true,
      orgId: null,
      events: expect.any(Array),
      smtpHost: 'smtp.example.cn',
      smtpPort: 465,
      smtpSecure: true,
      smtpUser: null,
      smtpPassword: 'pw',
      mailFrom: 'rectify@example.cn',
      mailTo: ['a@example.cn', 'b@example.cn', 'c@example.cn'],
    });
    expect(mailList(' a@x.cn；b@x.cn ;\n\n')).toEqual(['a@x.cn', 'b@x.cn']);
  });

  it('each kind asks for its own fields', () => {
    expect(validateChannel(filled({ type: 'webhook', name: ' ', events: [] }))).toEqual({ name: 'required', events: 'events', url: 'required' });
    expect(validateChannel(filled({ type: 'dingtalk', url: 'ftp://robot' }))).toEqual({ url: 'url' });
    expect(validateChannel(filled({ type: 'email' }))).toEqual({ smtpHost: 'required', mailFrom: 'required', mailTo: 'required' });
    expect(validateChannel(filled({ type: 'email', smtpHost: 'smtp.x.cn', smtpPort: 70000, mailFrom: 'nobody', mailTo: 'a@x.cn\nnot-an-address' }))).toEqual({
      smtpPort: 'port',
      mailFrom: 'email',
      mailTo: 'mailTo',
    });
    expect(validateChannel(filled({ type: 'webhook', url: 'https://example.org/hook' }))).toEqual({});
  });
});

describe('editing a channel', () => {
  it('a masked robot address is not put in the form, and left blank it is kept, never sent back masked', () => {
    const original = channel();
    const form = formFromChannel(original);
    expect(form.url).toBe('');
    expect(validateChannel(form, original)).toEqual({});
    expect(toUpdateBody(form, original)).toEqual({});
    form.name = '工委督办工作群';
    expect(toUpdateBody(form, original)).toEqual({ name: '工委督办工作群' });
  });

  it('a blank secret keeps the stored one, a new one replaces it, and clearing sends null', () => {
    const original = channel();
    const form = formFromChannel(original);
    form.secret = 'SECnew';
    expect(toUpdateBody(form, original)).toEqual({ secret: 'SECnew' });
    form.clearSecret = true;
    expect(toUpdateBody(form, original)).toEqual({ secret: null });
  });

  it('a webhook address without a token is shown in full and sent only when changed', () => {
    const original = channel({ type: 'webhook', url: 'https://hooks.example.org/rectify', secretSet: false });
    const form = formFromChannel(original);
    expect(form.url).toBe('https://hooks.example.org/rectify');
    expect(toUpdateBody(form, original)).toEqual({});
    form.url = 'https://hooks.example.org/rectify-v2';
    form.events = ['overdue_alert'];
    form.orgId = 7;
    expect(toUpdateBody(form, original)).toEqual({ url: 'https://hooks.example.org/rectify-v2', events: ['overdue_alert'], orgId: 7 });
  });

  it('e-mail sends only the settings that changed; the password as for secrets', () => {
    const original = channel({ type: 'email', url: null, secretSet: false, smtpHost: 'smtp.x.cn', smtpPort: 25, mailFrom: 'r@x.cn', mailTo: ['a@x.cn'], smtpPasswordSet: true });
    const form = formFromChannel(original);
    expect(toUpdateBody(form, original)).toEqual({});
    form.mailTo = 'a@x.cn\nb@x.cn';
    form.smtpPort = undefined;
    form.clearPassword = true;
    expect(toUpdateBody(form, original)).toEqual({ mailTo: ['a@x.cn', 'b@x.cn'], smtpPort: null, smtpPassword: null });
  });
});
