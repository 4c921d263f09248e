import type { Channel, ChannelType, CreateChannelBody, NotificationKind, UpdateChannelBody } from '@rectify/shared';

/**
 * The channel form as the page holds it: every kind's fields side by side (only the chosen kind's are sent), text
 * inputs as strings, secrets write-only. A secret left blank keeps the stored one; `clear*` removes it.
 */
export interface ChannelForm {
  type: ChannelType;
  name: string;
  enabled: boolean;
  orgId: number | undefined;
  events: NotificationKind[];
  /** Blank on edit when the stored address is masked (its token is not known here): blank keeps it. */
  url: string;
  secret: string;
  clearSecret: boolean;
  smtpHost: string;
  smtpPort: number | undefined;
  smtpSecure: boolean;
  smtpUser: string;
  smtpPassword: string;
  clearPassword: boolean;
  mailFrom: string;
  /** One address per line (commas and semicolons also separate). */
  mailTo: string;
}

export type ChannelField = keyof ChannelForm;
/** Keys under channels.invalid.* */
export type FieldProblem = 'required' | 'url' | 'email' | 'mailTo' | 'events' | 'port' | 'tooLong' | 'internal';

/** Which fields each kind uses, besides name, enabled, organization and events. */
export const kindFields: Record<ChannelType, readonly ChannelField[]> = {
  dingtalk: ['url', 'secret'],
  wecom: ['url'],
  webhook: ['url', 'secret'],
  email: ['smtpHost', 'smtpPort', 'smtpSecure', 'smtpUser', 'smtpPassword', 'mailFrom', 'mailTo'],
};

export const defaultEvents: NotificationKind[] = ['closure_requested', 'extension_requested', 'deadline_reminder', 'overdue_alert', 'notice_issued'];

/** The API shows a robot's access token as ****abcd: such an address cannot be edited, only replaced. */
export const isMasked = (url: string | null) => !!url && url.includes('****');

export function emptyForm(type: ChannelType = 'webhook'): ChannelForm {
  return {
    type,
    name: '',
    enabled: true,
    orgId: undefined,
    events: [...defaultEvents],
    url: '',
    secret: '',
    clearSecret: false,
    smtpHost: '',
    smtpPort: undefined,
    smtpSecure: false,
    smtpUser: '',
    smtpPassword: '',
    clearPassword: false,
    mailFrom: '',
    mailTo: '',
  };
}

export function formFromChannel(channel: Channel): ChannelForm {
  return {
    ...emptyForm(channel.type),
    name: channel.name,
    enabled: channel.enabled,
    orgId: channel.orgId ?? undefined,
    events: [...channel.events],
    url: isMasked(channel.url) ? '' : (channel.url ?? ''),
    smtpHost: channel.smtpHost ?? '',
    smtpPort: channel.smtpPort ?? undefined,
    smtpSecure: channel.smtpSecure,
    smtpUser: channel.smtpUser ?? '',
    mailFrom: channel.mailFrom ?? '',
    mailTo: channel.mailTo.join('\n'),
  };
}

export const mailList = (text: string) =>
  text
    .split(/[\n,;，；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
// The server's own test for a sender; recipients must also pass JSON Schema's "email" format.
const isMailbox = (value: string) => /^[^\s@<>]+@[^\s@<>]+$/.test(value);
const isEmail = (value: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value);

/** What is wrong with the form for its kind, by field; empty when it can be sent. `original` is the channel edited. */
export function validateChannel(form: ChannelForm, original?: Channel): Partial<Record<ChannelField, FieldProblem>> {
  const problems: Partial<Record<ChannelField, FieldProblem>> = {};
  if (!form.name.trim()) problems.name = 'required';
  else if (form.name.trim().length > 100) problems.name = 'tooLong';
  if (form.events.length === 0) problems.events = 'events';
  if (form.type === 'email') {
    if (!form.smtpHost.trim()) problems.smtpHost = 'required';
    if (form.smtpPort !== undefined && (!Number.isInteger(form.smtpPort) || form.smtpPort < 1 || form.smtpPort > 65535)) problems.smtpPort = 'port';
    if (!form.mailFrom.trim()) problems.mailFrom = 'required';
    else if (!isMailbox(form.mailFrom.trim())) problems.mailFrom = 'email';
    const to = mailList(form.mailTo);
    if (to.length === 0) problems.mailTo = 'required';
    else if (to.length > 50 || !to.every(isEmail)) problems.mailTo = 'mailTo';
  } else {
    const url = form.url.trim();
    // On edit a blank address keeps the stored one.
    const keeps = !url && !!original?.url;
    if (!url && !keeps) problems.url = 'required';
    else if (url && !isHttpUrl(url)) problems.url = 'url';
    else if (url.length > 2000) problems.url = 'tooLong';
  }
  return problems;
}

const text = (value: string) => value.trim() || null;

/** The POST body: the chosen kind's fields only, secrets only when given. */
export function toCreateBody(form: ChannelForm): CreateChannelBody {
  const body: CreateChannelBody = { type: form.type, name: form.name.trim(), enabled: form.enabled, orgId: form.orgId ?? null, events: [...form.events] };
  if (form.type === 'email') {
    Object.assign(body, {
      smtpHost: text(form.smtpHost),
      smtpPort: form.smtpPort ?? null,
      smtpSecure: form.smtpSecure,
      smtpUser: text(form.smtpUser),
      mailFrom: text(form.mailFrom),
      mailTo: mailList(form.mailTo),
    });
    if (form.smtpPassword) body.smtpPassword = form.smtpPassword;
  } else {
    body.url = form.url.trim();
    if (form.type !== 'wecom' && form.secret) body.secret = form.secret;
  }
  return body;
}

/**
 * The PATCH body: what changed. A masked address is never sent back (that would store the mask); a blank secret
 * keeps the stored one, `clear*` sends null to remove it.
 */
export function toUpdateBody(form: ChannelForm, original: Channel): UpdateChannelBody {
  const body: UpdateChannelBody = {};
  if (form.name.trim() !== original.name) body.name = form.name.trim();
  if (form.enabled !== original.enabled) body.enabled = form.enabled;
  if ((form.orgId ?? null) !== original.orgId) body.orgId = form.orgId ?? null;
  const sameEvents = form.events.length === original.events.length && form.events.every((e) => original.events.includes(e));
  if (!sameEvents) body.events = [...form.events];
  if (form.type === 'email') {
    if (form.smtpHost.trim() !== (original.smtpHost ?? '')) body.smtpHost = text(form.smtpHost);
    if ((form.smtpPort ?? null) !== original.smtpPort) body.smtpPort = form.smtpPort ?? null;
    if (form.smtpSecure !== original.smtpSecure) body.smtpSecure = form.smtpSecure;
    if (form.smtpUser.trim() !== (original.smtpUser ?? '')) body.smtpUser = text(form.smtpUser);
    if (form.mailFrom.trim() !== (original.mailFrom ?? '')) body.mailFrom = text(form.mailFrom);
    const to = mailList(form.mailTo);
    if (to.join('\n') !== original.mailTo.join('\n')) body.mailTo = to;
    if (form.clearPassword) body.smtpPassword = null;
    else if (form.smtpPassword) body.smtpPassword = form.smtpPassword;
  } else {
    const url = form.url.trim();
    if (url && url !== original.url) body.url = url;
    if (form.type !== 'wecom') {
      if (form.clearSecret) body.secret = null;
      else if (form.secret) body.secret = form.secret;
    }
  }
  return body;
}
