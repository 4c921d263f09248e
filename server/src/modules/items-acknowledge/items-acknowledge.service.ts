import type { ItemAction, ItemStatus, ObjectionBody, ObjectionReplyBody, TransferBody } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import type { ItemEvent } from '../items/items.events.js';
import { recordHistory } from '../items/items.history.js';
import { toWorkflowItem } from '../items/items.mapper.js';
import { createItemsRepository } from '../items/items.repository.js';
import { stepItem, type ItemRow } from '../items/items.rows.js';
import { createItemsService, type ItemsDeps } from '../items/items.service.js';
import { decideTransition } from '../items/items.workflow.js';

const clearObjection = { objectionKind: null, objectionReason: null };

/**
 * 签收与异议 after the item reached the organization: it objects (异议) with a kind and a reason, and the committee
 * either transfers the item to another organization (转办) or answers the objection (驳回异议); both send it back to
 * 待签收, its window counted anew. Editing and cancelling an objected item are the ordinary edit and `cancel`.
 */
export function createItemsAcknowledgeService({ clock, ...deps }: ItemsDeps & { clock: Clock }) {
  const { db, settings, events } = deps;
  const items = createItemsService(deps);

  const eventOf = (current: ItemRow, action: ItemAction, to: ItemStatus, comment: string | null, actor: AuthUser, orgId = current.orgId): ItemEvent => ({
    itemId: current.id,
    orgId,
    code: current.code,
    title: current.title,
    action,
    fromStatus: current.status as ItemStatus,
    toStatus: to,
    comment,
    actor,
  });

  /** One step that keeps the item's organization, in one statement as `items.actions` takes it. */
  async function step(
    user: AuthUser,
    id: number,
    { action, version, comment, values, data }: { action: ItemAction; version: number; comment: string; values: Record<string, unknown>; data: Record<string, unknown> },
  ) {
    const light = await items.lightContext();
    const { extensionCap } = await settings.get();
    const run = async (conn: DbOrTx) => {
      const { item } = await items.getScoped(user, id, conn, light);
      const current = item.item;
      if (current.version !== version) throw new AppError('items.stale_version');
      const { to } = decideTransition({ action, item: toWorkflowItem(current), actor: user, input: { comment }, extensionCap });
      const event = eventOf(current, action, to, comment, user);
      const stepped = await stepItem(conn, {
        light,
        id,
        version,
        values: { ...values, status: to, updatedBy: user.id },
        history: { actorId: user.id, action, fromStatus: current.status, toStatus: to, comment, data },
        also: (when) => events?.writes([event], when) ?? [],
      });
      if (!stepped) throw new AppError('items.stale_version');
      return { stepped, event };
    };
    const { stepped } = events?.hasListeners()
      ? await db.transaction(async (tx) => {
          const done = await run(tx);
          await events.listen(tx, [done.event]);
          return done;
        })
      : await run(db);
    return items.detailOf(user, stepped.item, stepped.lists);
  }

  return {
    /** 异议: the organization's clerk objects to an item waiting for 签收. */
    async object(user: AuthUser, id: number, body: ObjectionBody) {
      const reason = body.reason.trim();
      return step(user, id, { action: 'object', version: body.version, comment: reason, values: { objectionKind: body.kind, objectionReason: reason }, data: { kind: body.kind } });
    },

    /** 驳回异议: the committee answers; the item waits for 签收 again, its window counted from now. */
    async rejectObjection(user: AuthUser, id: number, body: ObjectionReplyBody) {
      const comment = body.comment.trim();
      return step(user, id, { action: 'reject_objection', version: body.version, comment, values: { ...clearObjection, issuedAt: clock.now() }, data: {} });
    },

    /**
     * 转办: the item moves to another organization of the committee's scope, which then signs for it. The history
     * names both organizations; the one it left no longer sees it.
     */
    async transfer(user: AuthUser, id: number, body: TransferBody) {
      const light = await items.lightContext();
      const { extensionCap } = await settings.get();
      const comment = body.comment?.trim() || null;
      await db.transaction(async (tx) => {
        const { item } = await items.getScoped(user, id, tx, light);
        const current = item.item;
        if (current.version !== body.version) throw new AppError('items.stale_version');
        const { to } = decideTransition({ action: 'transfer', item: toWorkflowItem(current), actor: user, input: { comment: comment ?? undefined }, extensionCap });
        const { org: target } = await createOrgsRepository({ db: tx }).findById(body.orgId);
        if (!target || !pathInScope(user.orgPath, target.path) || target.id === current.orgId) throw new AppError('items.transfer_target_invalid');
        const { updated } = await createItemsRepository({ db: tx }).updateVersioned(id, current.version, {
          ...clearObjection,
          orgId: target.id,
          committeeId: Number(target.path.split('/')[1]),
          status: to,
          issuedAt: clock.now(),
          updatedBy: user.id,
        });
        if (!updated) throw new AppError('items.stale_version');
        await recordHistory(tx, {
          itemId: id,
          actorId: user.id,
          action: 'transfer',
          fromStatus: current.status,
          toStatus: to,
          comment,
          data: { fromOrgId: current.orgId, fromOrgName: item.orgName, toOrgId: target.id, toOrgName: target.name },
        });
        await events?.emit(tx, eventOf(current, 'transfer', to, comment, user, target.id));
      });
      return items.detail(user, id);
    },
  };
}
