import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Channel, ChannelType, CreateChannelBody, Delivery, DeliveryListQuery, NotificationKind, UpdateChannelBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthUser } from '../../plugins/auth.js';
import { pathInScope, underPath } from '../../lib/scope.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { internalAtSight, type AddressPolicy } from '../../lib/outbound/address-policy.js';
import { sendToChannel, type ChannelConfig, type OutboundOptions } from './channels.senders.js';
import { deliveries, deliveryAttempts, notificationChannels } from './notifications.table.js';

type ChannelRow = typeof notificationChannels.$inferSelect;

const emptyConfig: ChannelConfig = { url: null, secret: null, smtpHost: null, smtpPort: null, smtpSecure: false, smtpUser: null, smtpPassword: null, mailFrom: null, mailTo: [] };

/** Robot addresses carry their access token in the query string: show only its last four characters. */
export function maskUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    for (const [key, value] of parsed.searchParams) if (value.length > 6) parsed.searchParams.set(key, `****${value.slice(-4)}`);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '****';
  }
}

export function toChannel(row: ChannelRow): Channel {
  const config = { ...emptyConfig, ...(row.config as Partial<ChannelConfig>) };
  return {
    id: row.id,
    type: row.type as ChannelType,
    name: row.name,
    enabled: row.enabled,
    orgId: row.orgId,
    events: row.events as NotificationKind[],
    url: maskUrl(config.url),
    secretSet: !!config.secret,
    smtpHost: config.smtpHost,
    smtpPort: config.smtpPort,
    smtpSecure: config.smtpSecure,
    smtpUser: config.smtpUser,
    smtpPasswordSet: !!config.smtpPassword,
    mailFrom: config.mailFrom,
    mailTo: config.mailTo,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const isHttpUrl = (value: string | null) => {
  if (!value) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * Each type needs its own fields; anything missing or malformed is refused before it is stored, and so is an address
 * that is internal as written. Host names are checked again on every send, on the address actually connected to.
 */
function checkConfig(type: ChannelType, config: ChannelConfig, policy: AddressPolicy) {
  const missing: string[] = [];
  if (type === 'email') {
    if (!config.smtpHost) missing.push('smtpHost');
    if (!config.mailFrom || !/^[^\s@<>]+@[^\s@<>]+$/.test(config.mailFrom)) missing.push('mailFrom');
    if (config.mailTo.length === 0) missing.push('mailTo');
  } else if (!isHttpUrl(config.url)) missing.push('url');
  if (missing.length) throw new AppError('channels.config_invalid', { details: { fields: missing } });
  const [field, host] = type === 'email' ? ['smtpHost', config.smtpHost!] : ['url', new URL(config.url!).hostname];
  if (internalAtSight({ host, policy })) throw new AppError('channels.address_not_allowed', { details: { fields: [field] } });
}

function mergeConfig(current: ChannelConfig, body: UpdateChannelBody | CreateChannelBody): ChannelConfig {
  const next = { ...current };
  for (const key of Object.keys(emptyConfig) as (keyof ChannelConfig)[]) {
    const value = (body as Record<string, unknown>)[key];
    if (value !== undefined) (next as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() || null : value;
  }
  return next;
}

export function createChannelsService({ db, clock, outbound }: { db: Db; clock: Clock; outbound: OutboundOptions }) {
  const orgsService = createOrgsService({ db });

  /**
   * Channels are scoped like everything else: one bound to an organization belongs to that organization's subtree;
   * an unbound one (the whole tree) only to administrators at the top. Anything else is "not found".
   */
  const atTop = (user: AuthUser) => /^\/\d+\/$/.test(user.orgPath);
  const visible = (user: AuthUser, orgPath: string | null) => (orgPath === null ? atTop(user) : pathInScope(user.orgPath, orgPath));

  async function get(user: AuthUser, id: number) {
    const [found] = await db
      .select({ row: notificationChannels, orgPath: orgs.path })
      .from(notificationChannels)
      .leftJoin(orgs, eq(orgs.id, notificationChannels.orgId))
      .where(eq(notificationChannels.id, id));
    if (!found || !visible(user, found.orgPath)) throw new AppError('channels.not_found');
    const { row } = found;
    return { row, config: { ...emptyConfig, ...(row.config as Partial<ChannelConfig>) } };
  }

  return {
    async list(user: AuthUser) {
      const rows = await db
        .select({ row: notificationChannels, orgPath: orgs.path })
        .from(notificationChannels)
        .leftJoin(orgs, eq(orgs.id, notificationChannels.orgId))
        .where(or(atTop(user) ? isNull(notificationChannels.orgId) : undefined, underPath(orgs.path, user.orgPath)))
        .orderBy(notificationChannels.id);
      return { items: rows.map((r) => toChannel(r.row)) };
    },

    async get(user: AuthUser, id: number) {
      return toChannel((await get(user, id)).row);
    },

    async create(user: AuthUser, body: CreateChannelBody) {
      if (body.orgId) await orgsService.getScoped(user, body.orgId);
      // An administrator below the top binds new channels to their own organization unless they name one.
      const orgId = body.orgId ?? (atTop(user) ? null : user.orgId);
      const config = mergeConfig(emptyConfig, body);
      checkConfig(body.type, config, outbound.policy);
      const [row] = await db
        .insert(notificationChannels)
        .values({ type: body.type, name: body.name.trim(), enabled: body.enabled ?? true, orgId, events: body.events, config })
        .returning();
      return toChannel(row);
    },

    async update(user: AuthUser, id: number, body: UpdateChannelBody) {
      const { row, config: current } = await get(user, id);
      if (body.orgId) await orgsService.getScoped(user, body.orgId);
      if (body.orgId === null && !atTop(user)) throw new AppError('channels.config_invalid', { details: { fields: ['orgId'] } });
      const config = mergeConfig(current, body);
      checkConfig(row.type as ChannelType, config, outbound.policy);
      const [updated] = await db
        .update(notificationChannels)
        .set({
          name: body.name?.trim() ?? row.name,
          enabled: body.enabled ?? row.enabled,
          orgId: body.orgId === undefined ? row.orgId : body.orgId,
          events: body.events ?? row.events,
          config,
          updatedAt: new Date(),
        })
        .where(eq(notificationChannels.id, id))
        .returning();
      return toChannel(updated);
    },

    /** Removing a channel removes its queue and log with it. */
    async remove(user: AuthUser, id: number) {
      await get(user, id);
      await db.delete(notificationChannels).where(eq(notificationChannels.id, id));
    },

    /** Sends a test message now, outside the queue, and says what the receiver answered: its status and verdict, not its body. */
    async test(user: AuthUser, id: number) {
      const { row, config } = await get(user, id);
      return sendToChannel({
        type: row.type as ChannelType,
        config,
        kind: 'test',
        message: { title: '【测试】问题整改台账通知渠道', lines: [`渠道“${row.name}”配置正确，可以接收整改提醒、预警和督办通知。`] },
        deliveryId: 0,
        now: clock.now(),
        outbound,
      });
    },

    async deliveries(user: AuthUser, id: number, query: DeliveryListQuery) {
      await get(user, id);
      const where = and(eq(deliveries.channelId, id), query.status ? eq(deliveries.status, query.status) : undefined);
      const pageSize = query.pageSize ?? 20;
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(deliveries)
          .where(where)
          .orderBy(desc(deliveries.id))
          .limit(pageSize)
          .offset(((query.page ?? 1) - 1) * pageSize),
        db.select({ total: count() }).from(deliveries).where(where),
      ]);
      const attempts = rows.length ? await db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, rows.map((r) => r.id))).orderBy(deliveryAttempts.id) : [];
      const items: Delivery[] = rows.map((r) => ({
        id: r.id,
        channelId: r.channelId,
        kind: r.kind as NotificationKind,
        title: r.title,
        status: r.status as Delivery['status'],
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
        lastError: r.lastError,
        sentAt: r.sentAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        log: attempts.filter((a) => a.deliveryId === r.id).map((a) => ({ at: a.at.toISOString(), ok: a.ok, detail: a.detail })),
      }));
      return { items, total };
    },
  };
}
