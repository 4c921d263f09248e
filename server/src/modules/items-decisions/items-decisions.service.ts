import type { BulkDecisionBody, BulkItemResult, RemindBody } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createItemActions } from '../items/items.actions.js';
import { createItemsService, type ItemsDeps } from '../items/items.service.js';
import { notifyUsersOverMany, queueDeliveriesMany } from '../notifications/notifications.notify.js';

const refusal = (id: number, code: string | null, err: unknown): BulkItemResult => {
  if (err instanceof AppError) return { id, code, ok: false, error: { code: err.code, message: err.message } };
  throw err;
};

/**
 * Decisions and reminders over several items at once. Each item goes through the same path as a single request
 * (scope, requester ≠ approver, version, evidence, state), one after another, so one refusal never undoes or blocks
 * the others, and the answer says for each item what happened.
 */
export function createItemsDecisionsService(deps: ItemsDeps & { clock: Clock }) {
  const items = createItemsService(deps);
  const actions = createItemActions(deps, items);

  // One after another: a few hundred ids would otherwise take every connection of the pool at once.
  const rowsInScope = async (user: AuthUser, ids: number[]) => {
    const rows = [];
    for (const id of ids) rows.push((await items.getScoped(user, id)).item.item);
    return rows;
  };
  const codesInScope = async (user: AuthUser, ids: number[]) => new Map((await rowsInScope(user, ids)).map((row) => [row.id, row.code]));

  return {
    async decide(user: AuthUser, body: BulkDecisionBody) {
      if (body.action === 'reject_closure' && !body.comment?.trim()) throw new AppError('items.comment_required');
      // An item out of scope is "no such item" for the whole request, before anything is decided.
      const codes = await codesInScope(user, body.items.map((i) => i.id));
      const results: BulkItemResult[] = [];
      for (const { id, version } of body.items) {
        try {
          await actions.transition(user, id, { action: body.action, version, comment: body.comment });
          results.push({ id, code: codes.get(id)!, ok: true, error: null });
        } catch (err) {
          results.push(refusal(id, codes.get(id)!, err));
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, refused: results.length - succeeded };
    },

    /** 催办: one notification per organization to its clerks (and above), listing the chosen open items it holds. */
    async remind(user: AuthUser, body: RemindBody) {
      const rows = await rowsInScope(user, body.itemIds);
      const results: BulkItemResult[] = [];
      const byOrg = new Map<number, Array<{ id: number; code: string; title: string; deadline: string }>>();
      for (const item of rows) {
        if (item.status === 'closed' || item.status === 'cancelled') {
          results.push(refusal(item.id, item.code, new AppError('items.illegal_transition')));
          continue;
        }
        byOrg.set(item.orgId, [...(byOrg.get(item.orgId) ?? []), { id: item.id, code: item.code, title: item.title, deadline: item.deadline }]);
        results.push({ id: item.id, code: item.code, ok: true, error: null });
      }
      const comment = body.comment?.trim();
      const messages = [...byOrg].map(([orgId, list]) => {
        const title = list.length === 1 ? `工委催办：${list[0].code}` : `工委催办：${list.length} 项`;
        const lines = [...list.slice(0, 5).map((i) => `${i.code} ${i.title}（时限 ${i.deadline}）`), ...(list.length > 5 ? [`…等 ${list.length} 项`] : []), ...(comment ? [comment] : []), `${user.displayName} 催办`];
        return { orgId, list, title, lines };
      });
      if (messages.length) {
        const at = deps.clock.now();
        await deps.db.transaction(async (tx) => {
          await notifyUsersOverMany(tx, {
            roles: ['branch'],
            entries: messages.map((m) => ({ orgId: m.orgId, exceptUserId: user.id, message: { kind: 'item_urged', title: m.title, body: m.lines.join('\n'), itemId: m.list.length === 1 ? m.list[0].id : null } })),
            at,
          });
          await queueDeliveriesMany(tx, { kind: 'item_urged', entries: messages.map((m) => ({ orgId: m.orgId, message: { title: m.title, lines: m.lines } })), at });
        });
      }
      return { results, reminded: results.filter((r) => r.ok).length, orgs: messages.length };
    },
  };
}
