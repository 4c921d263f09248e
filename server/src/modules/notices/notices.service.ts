import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CreateNoticeBody, GenerateRedNoticesBody, ItemStatus, Light, Notice, NoticeDetail, NoticeLevel, NoticeListQuery } from '@rectify/shared';
import { noticeLevelLabels } from '@rectify/shared';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { recordHistory } from '../items/items.history.js';
import { itemsUnderPath, lightCondition, type LightContext } from '../items/items.query.js';
import { items } from '../items/items.table.js';
import { openStatuses } from '../items/items.workflow.js';
import { notifyUsersOver, queueDeliveries } from '../notifications/notifications.notify.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { createNoticesRepository, type NoticeRow } from './notices.repository.js';
import { noticeItems, notices } from './notices.table.js';

export const noticeNumber = (year: number, seq: number) => `督办〔${year}〕${seq}号`;

export function toNotice(row: NoticeRow, today: string): Notice {
  const n = row.notice;
  return {
    id: n.id,
    number: noticeNumber(n.year, n.seq),
    year: n.year,
    seq: n.seq,
    orgId: n.orgId,
    orgName: row.orgName,
    level: n.level as NoticeLevel,
    requirements: n.requirements,
    replyDeadline: n.replyDeadline,
    status: n.status as Notice['status'],
    replyOverdue: n.status === 'issued' && n.replyDeadline < today,
    itemCount: row.itemCount,
    issuedBy: n.issuedBy,
    issuedByName: row.issuedByName,
    issuedOn: n.issuedOn,
    issuedAt: n.issuedAt.toISOString(),
    reply: n.reply,
    repliedBy: n.repliedBy,
    repliedByName: row.repliedByName,
    repliedAt: n.repliedAt?.toISOString() ?? null,
  };
}

interface Deps {
  db: Db;
  clock: Clock;
  settings: SettingsStore;
  today(): string;
}

interface Recipient {
  id: number;
  path: string;
  name: string;
}

export function createNoticesService({ db, clock, settings, today }: Deps) {
  const orgsService = createOrgsService({ db });

  async function lightContext(): Promise<LightContext> {
    const day = today();
    return { today: day, yellowDays: (await settings.windows(day)).yellowDays };
  }

  async function getScoped(user: AuthUser, id: number) {
    const { notice } = await createNoticesRepository({ db }).findById(id);
    if (!notice || !pathInScope(user.orgPath, notice.orgPath)) throw new AppError('notices.not_found');
    return { notice };
  }

  /** Writes one notice with its items, history rows and notifications; call inside the action's transaction. */
  async function issue(tx: Tx, user: AuthUser, { org, itemIds, level, requirements, replyDeadline, light }: { org: Recipient; itemIds: number[]; level: NoticeLevel; requirements: string; replyDeadline: string; light: LightContext }) {
    const repo = createNoticesRepository({ db: tx });
    const year = Number(light.today.slice(0, 4));
    const committeeId = Number(org.path.split('/')[1]);
    const { seq } = await repo.nextSeq(committeeId, year);
    const now = clock.now();
    const { id } = await repo.insert({ committeeId, year, seq, orgId: org.id, level, requirements: requirements.trim(), replyDeadline, issuedBy: user.id, issuedAt: now, issuedOn: light.today });
    await repo.snapshotItems(id, itemIds, light);
    const number = noticeNumber(year, seq);
    await recordHistory(
      tx,
      itemIds.map((itemId) => ({ itemId, actorId: user.id, action: 'notice_issued', comment: requirements.trim(), data: { noticeId: id, number, level, replyDeadline } })),
    );
    const title = `${noticeLevelLabels[level]}：${number}`;
    const body = `${org.name}：${itemIds.length} 项整改事项被督办，请于 ${replyDeadline} 前回复。\n${requirements.trim()}`;
    await notifyUsersOver(tx, { orgId: org.id, roles: ['branch'], exceptUserId: user.id, message: { kind: 'notice_issued', title, body, noticeId: id }, at: now });
    await queueDeliveries(tx, { orgId: org.id, kind: 'notice_issued', message: { title, lines: body.split('\n') }, at: now });
    return { id };
  }

  /** Open items in the caller's scope, with their organizations' paths. */
  async function openItems(where: SQL) {
    return db
      .select({ id: items.id, orgId: items.orgId, orgPath: orgs.path, orgName: orgs.name, status: items.status })
      .from(items)
      .innerJoin(orgs, eq(orgs.id, items.orgId))
      .where(where);
  }

  async function recipientFor(user: AuthUser, body: CreateNoticeBody, light: LightContext): Promise<{ org: Recipient; itemIds: number[] }> {
    if (!!body.itemIds === !!body.allOverdue) throw new AppError('common.validation', { details: { fields: ['itemIds', 'allOverdue'] } });
    const given = body.orgId ? (await orgsService.getScoped(user, body.orgId)).org : null;
    if (body.allOverdue) {
      if (!given) throw new AppError('common.validation', { details: { fields: ['orgId'] } });
      const rows = await openItems(sql`${itemsUnderPath(given.path)} AND ${lightCondition('red', light)}`);
      if (rows.length === 0) throw new AppError('notices.no_items');
      return { org: given, itemIds: rows.map((r) => r.id) };
    }
    const rows = await openItems(inArray(items.id, body.itemIds!));
    const valid = rows.filter((r) => pathInScope(user.orgPath, r.orgPath) && openStatuses.includes(r.status as ItemStatus) && (!given || pathInScope(given.path, r.orgPath)));
    if (valid.length !== body.itemIds!.length) throw new AppError('notices.items_invalid', { details: { itemIds: body.itemIds!.filter((id) => !valid.some((r) => r.id === id)) } });
    if (given) return { org: given, itemIds: body.itemIds! };
    const orgIds = new Set(valid.map((r) => r.orgId));
    if (orgIds.size > 1) throw new AppError('notices.items_invalid', { details: { reason: 'items of several organizations: name the recipient orgId' } });
    return { org: { id: valid[0].orgId, path: valid[0].orgPath, name: valid[0].orgName }, itemIds: body.itemIds! };
  }

  async function detail(user: AuthUser, id: number): Promise<NoticeDetail> {
    const { notice } = await getScoped(user, id);
    const { items: rows } = await createNoticesRepository({ db }).items(id);
    return {
      ...toNotice(notice, today()),
      items: rows.map((r) => ({
        itemId: r.itemId,
        code: r.code,
        title: r.title,
        orgName: r.orgName,
        deadline: r.deadline,
        status: r.status as ItemStatus,
        light: r.light as Light | null,
        daysOverdue: r.daysOverdue,
        responsiblePerson: r.responsiblePerson,
      })),
    };
  }

  return {
    detail,

    /** The notice with the name of the committee that issued it, for the document's masthead and signature. */
    async document(user: AuthUser, id: number) {
      const notice = await detail(user, id);
      const [committee] = await db.select({ name: orgs.name }).from(orgs).where(sql`${orgs.id} = (SELECT ${notices.committeeId} FROM ${notices} WHERE ${notices.id} = ${id})`);
      return { notice, committeeName: committee.name };
    },

    async list(user: AuthUser, query: NoticeListQuery) {
      const scopePath = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org.path : user.orgPath;
      const filters: SQL[] = [];
      if (query.status) filters.push(eq(notices.status, query.status));
      if (query.level) filters.push(eq(notices.level, query.level));
      if (query.itemId) filters.push(sql`EXISTS (SELECT 1 FROM ${noticeItems} WHERE ${noticeItems.noticeId} = ${notices.id} AND ${noticeItems.itemId} = ${query.itemId})`);
      const pageSize = query.pageSize ?? 20;
      const { rows, total } = await createNoticesRepository({ db }).list({ scopePath, filters, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
      const day = today();
      return { items: rows.map((r) => toNotice(r, day)), total };
    },

    async create(user: AuthUser, body: CreateNoticeBody) {
      const light = await lightContext();
      if (body.replyDeadline < light.today) throw new AppError('notices.reply_deadline_invalid');
      const { org, itemIds } = await recipientFor(user, body, light);
      const { id } = await db.transaction((tx) => issue(tx, user, { org, itemIds, level: body.level, requirements: body.requirements, replyDeadline: body.replyDeadline, light }));
      return detail(user, id);
    },

    /** One red notice per organization for all its overdue items, in one transaction: all of them or none. */
    async generateRed(user: AuthUser, body: GenerateRedNoticesBody) {
      const light = await lightContext();
      if (body.replyDeadline < light.today) throw new AppError('notices.reply_deadline_invalid');
      const scopePath = body.orgId ? (await orgsService.getScoped(user, body.orgId)).org.path : user.orgPath;
      const pending = sql`EXISTS (SELECT 1 FROM ${noticeItems} JOIN ${notices} ON ${notices.id} = ${noticeItems.noticeId} WHERE ${noticeItems.itemId} = ${items.id} AND ${notices.status} = 'issued')`;
      const where = sql`${itemsUnderPath(scopePath)} AND ${lightCondition('red', light)}${body.skipNoticed === false ? sql`` : sql` AND NOT ${pending}`}`;
      const groups = await db
        .select({ orgId: items.orgId, orgPath: orgs.path, orgName: orgs.name, itemIds: sql<number[]>`array_agg(${items.id} ORDER BY ${items.deadline}, ${items.id})` })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(where)
        .groupBy(items.orgId, orgs.path, orgs.name, orgs.sortOrder)
        .orderBy(orgs.path);
      if (groups.length === 0) throw new AppError('notices.no_items');
      const ids = await db.transaction(async (tx) => {
        const created: number[] = [];
        for (const g of groups) {
          const org = { id: g.orgId, path: g.orgPath, name: g.orgName };
          const { id } = await issue(tx, user, { org, itemIds: g.itemIds.map(Number), level: 'red', requirements: body.requirements, replyDeadline: body.replyDeadline, light });
          created.push(id);
        }
        return created;
      });
      const repo = createNoticesRepository({ db });
      const list = [];
      for (const id of ids) list.push(toNotice((await repo.findById(id)).notice!, light.today));
      return { notices: list, itemCount: groups.reduce((n, g) => n + g.itemIds.length, 0) };
    },

    async reply(user: AuthUser, id: number, content: string) {
      const { notice } = await getScoped(user, id);
      const { items: rows } = await createNoticesRepository({ db }).items(id);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const updated = await tx
          .update(notices)
          .set({ status: 'replied', reply: content.trim(), repliedBy: user.id, repliedAt: now })
          .where(sql`${notices.id} = ${id} AND ${notices.status} = 'issued'`)
          .returning({ id: notices.id });
        if (updated.length === 0) throw new AppError('notices.already_replied');
        const number = noticeNumber(notice.notice.year, notice.notice.seq);
        await recordHistory(
          tx,
          rows.map((r) => ({ itemId: r.itemId, actorId: user.id, action: 'notice_replied', comment: content.trim(), data: { noticeId: id, number } })),
        );
        const title = `督办单已回复：${number}`;
        const body = `${notice.orgName}：${content.trim()}`;
        await notifyUsersOver(tx, { orgId: notice.notice.orgId, roles: ['supervisor'], exceptUserId: user.id, message: { kind: 'notice_replied', title, body, noticeId: id }, at: now });
        await queueDeliveries(tx, { orgId: notice.notice.orgId, kind: 'notice_replied', message: { title, lines: [body] }, at: now });
      });
      return detail(user, id);
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
