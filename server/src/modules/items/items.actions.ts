import { sql, type SQL } from 'drizzle-orm';
import type { ItemStatus, ProgressBody, ReviewLevel, TransitionBody } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { AuthUser } from '../../plugins/auth.js';
import type { ItemEvent } from './items.events.js';
import { recordHistory, type HistoryInput } from './items.history.js';
import { toWorkflowItem } from './items.mapper.js';
import { createItemsRepository, type ItemRow } from './items.repository.js';
import { stepItem, type StepValues } from './items.rows.js';
import type { ItemsDeps, ItemsService } from './items.service.js';
import { decideTransition } from './items.workflow.js';
import { acknowledgedDeadline } from './items.working-deadline.js';
import { unfinishedMeasures } from '../items-measures/items-measures.closure.js';
import { reviewDataOf, waitingLevelsOf } from '../review-levels/review-levels.history.js';

/** The columns each action changes besides the status. */
function effectsOf(body: TransitionBody, item: ItemRow, actor: AuthUser, today: string): StepValues {
  const clearExtension = { pendingExtensionDeadline: null, pendingExtensionReason: null, extensionRequestedBy: null, extensionRequestedAt: null };
  switch (body.action) {
    case 'start':
      return { acknowledgedAt: new Date(), acknowledgedBy: actor.id };
    case 'request_closure':
      return { closureRequestedBy: actor.id, completionNote: body.comment!.trim(), completedOn: body.completedOn ?? today };
    case 'approve_closure':
      // Closing after the deadline day is 逾期销号, counted apart from closing on time. The closing instant is the
      // statement's, which also dates the history row: a report reads either and must find the same month.
      return { closedAt: sql`now()`, closedOn: today, closedLate: today > item.deadline };
    case 'reject_closure':
      return { closureRequestedBy: null };
    case 'request_extension':
      return { pendingExtensionDeadline: body.newDeadline!, pendingExtensionReason: body.comment!.trim(), extensionRequestedBy: actor.id, extensionRequestedAt: new Date() };
    case 'approve_extension':
      return { ...clearExtension, deadline: item.pendingExtensionDeadline!, extensionCount: item.extensionCount + 1 };
    case 'reject_extension':
    case 'cancel':
      return clearExtension;
    default:
      return {};
  }
}

/** Where a request waits after it was made or endorsed, for the notices to its next reviewers. */
function awaitingAfter(
  action: TransitionBody['action'],
  item: ItemRow,
  actor: AuthUser,
  after: { reviewLevel: ReviewLevel | null; extensionReviewLevel: ReviewLevel | null },
): ItemEvent['awaiting'] {
  if (action === 'request_closure' && after.reviewLevel) return { level: after.reviewLevel, requesterId: actor.id };
  if (action === 'endorse_closure' && after.reviewLevel) return { level: after.reviewLevel, requesterId: item.closureRequestedBy ?? 0 };
  if (action === 'request_extension' && after.extensionReviewLevel) return { level: after.extensionReviewLevel, requesterId: actor.id };
  if (action === 'endorse_extension' && after.extensionReviewLevel) return { level: after.extensionReviewLevel, requesterId: item.extensionRequestedBy ?? 0 };
  return undefined;
}

export function createItemActions({ db, settings, today, events, calendar = () => settings.calendar() }: ItemsDeps, items: ItemsService) {
  return {
    /**
     * One step of the workflow: checked against the item as read, then applied with a version check, written to the
     * history and to the writers of item events in one statement (`stepItem`), which needs no transaction around it;
     * a concurrent step between the read and the statement makes it stale and nothing is written. `audit` writes the
     * request's audit row in that statement too (`request.auditInStatement`). Listeners, which run statements of their
     * own, get a transaction with the step.
     */
    async transition(user: AuthUser, id: number, body: TransitionBody, { audit }: { audit?: ((when: SQL) => SQL) | null } = {}) {
      const light = await items.lightContext();
      const { extensionCap } = await settings.get();
      const day = today();
      // 签收 counts a deadline given from 签收 again; read before any transaction (PGlite has one connection), from the
      // cache the light's window has just filled.
      const workingCalendar = body.action === 'start' ? await calendar() : null;
      const step = async (conn: DbOrTx) => {
        const { item, assisting, review } = await items.getScopedForReview(user, id, conn, light);
        if (assisting) throw new AppError('items.assist_not_allowed');
        const current = item.item;
        if (current.version !== body.version) throw new AppError('items.stale_version');
        const { to, reviewLevel, extensionReviewLevel } = decideTransition({
          action: body.action,
          item: { ...toWorkflowItem(current), reviewChain: review.chain },
          actor: { ...user, reviews: review.reviews },
          input: body,
          extensionCap,
        });
        // Every measure 已完成, or a written reason for each that is not.
        const closure = body.action === 'request_closure' ? unfinishedMeasures({ measures: (await createItemsRepository({ db: conn }).measures(id)).measures, reasons: body.measureReasons }) : null;
        const effects = effectsOf(body, current, user, day);
        const signed = workingCalendar ? acknowledgedDeadline(current, { day, calendar: workingCalendar }) : null;
        if (signed) Object.assign(effects, signed.values);
        const data: Record<string, unknown> = reviewDataOf({ action: body.action, waiting: waitingLevelsOf(current), after: { reviewLevel, extensionReviewLevel }, review });
        if (body.action === 'request_extension') Object.assign(data, { deadline: current.deadline, requestedDeadline: body.newDeadline });
        if (body.action === 'approve_extension') Object.assign(data, { deadlineBefore: current.deadline, deadlineAfter: current.pendingExtensionDeadline, extensionCount: current.extensionCount + 1 });
        if (body.action === 'approve_closure') Object.assign(data, { closedOn: day, closedLate: day > current.deadline });
        if (closure?.unfinished.length) Object.assign(data, { unfinishedMeasures: closure.unfinished });
        if (body.action === 'approve_closure' && current.evidenceCount < 1) Object.assign(data, { withoutEvidence: true });
        const comment = body.comment?.trim() || null;
        const event: ItemEvent = { itemId: id, orgId: current.orgId, code: current.code, title: current.title, action: body.action, fromStatus: current.status as ItemStatus, toStatus: to, comment, actor: user };
        const awaiting = awaitingAfter(body.action, current, user, { reviewLevel, extensionReviewLevel });
        if (awaiting) event.awaiting = awaiting;
        const stepped = await stepItem(conn, {
          light,
          id,
          version: body.version,
          values: { ...effects, status: to, reviewLevel, extensionReviewLevel, updatedBy: user.id },
          history: {
            actorId: user.id,
            action: body.action,
            fromStatus: current.status,
            toStatus: to,
            comment,
            changes: signed?.changes ?? null,
            data: Object.keys(data).length ? data : null,
          },
          also: (when) => [...(events?.writes([event], when) ?? []), ...(audit ? [audit(when)] : [])],
        });
        if (!stepped) throw new AppError('items.stale_version');
        // The answer's allowed steps need the same review context, unless the step changed who asked (a branch
        // user's principals leave out the requester): then it is read again.
        const after = stepped.item.item;
        const sameAsking = user.role !== 'branch' || (after.closureRequestedBy === current.closureRequestedBy && after.extensionRequestedBy === current.extensionRequestedBy);
        return { stepped, event, review: sameAsking ? review : undefined };
      };
      const { stepped, review } = events?.hasListeners()
        ? await db.transaction(async (tx) => {
            const done = await step(tx);
            await events.listen(tx, [done.event]);
            return done;
          })
        : await step(db);
      return items.detailOf(user, stepped.item, stepped.lists, review);
    },

    /** A dated progress entry; recording progress on an item not yet started starts it. */
    async addProgress(user: AuthUser, id: number, body: ProgressBody) {
      const light = await items.lightContext();
      const day = today();
      const workingCalendar = await calendar();
      const progressId = await db.transaction(async (tx) => {
        const repo = createItemsRepository({ db: tx });
        const { item } = await items.getScoped(user, id, tx, light);
        const current = item.item;
        if (current.status !== 'issued' && current.status !== 'in_progress') throw new AppError('items.illegal_transition');
        const { id: progressId } = await repo.insertProgress({ itemId: id, entryDate: body.entryDate ?? day, content: body.content.trim(), percent: body.percent ?? null, createdBy: user.id });
        // Progress on an item not yet signed for signs for it (签收) as well.
        const signing = current.status === 'issued';
        const signed = signing ? acknowledgedDeadline(current, { day, calendar: workingCalendar }) : null;
        const acknowledged = signing ? { acknowledgedAt: new Date(), acknowledgedBy: user.id, ...signed?.values } : {};
        const { updated } = await repo.updateVersioned(id, current.version, { status: 'in_progress', updatedBy: user.id, ...acknowledged });
        if (!updated) throw new AppError('items.stale_version');
        const entries: HistoryInput[] = [];
        if (signing) entries.push({ itemId: id, actorId: user.id, action: 'start', fromStatus: 'issued', toStatus: 'in_progress', comment: '记录整改进展，开始整改', changes: signed?.changes ?? null });
        entries.push({ itemId: id, actorId: user.id, action: 'progress_added', comment: body.content.trim(), data: { progressId, percent: body.percent ?? null, entryDate: body.entryDate ?? day } });
        await recordHistory(tx, entries);
        await events?.emit(tx, {
          itemId: id,
          orgId: current.orgId,
          code: current.code,
          title: current.title,
          action: 'progress_added',
          fromStatus: current.status as ItemStatus,
          toStatus: 'in_progress',
          comment: body.content.trim(),
          actor: user,
        });
        return progressId;
      });
      return { progressId, item: await items.detail(user, id) };
    },
  };
}
