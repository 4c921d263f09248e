import { SEARCH_COUNT_CAP, type WorkingCalendar, type CreateItemBody, type ItemDetail, type ItemListQuery, type UpdateItemBody } from '@rectify/shared';
import { DEFAULT_TIME_ZONE } from '../../config.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { assertActiveCategories } from '../categories/categories.service.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { toEvidence } from '../evidence/evidence.repository.js';
import { assertReviewLinkable } from '../reviews/reviews.link.js';
import { recordHistory } from './items.history.js';
import { searchTextOf, titleFrom, toHistory, toItem, toMeasure, toProgress, toWorkflowItem } from './items.mapper.js';
import type { LightContext } from './items.query.js';
import type { ItemEvents } from './items.events.js';
import type { DetailLists } from './items.lists.js';
import { countIsCapped } from './items.total.js';
import { createItemsRepository, type ItemWithNames } from './items.repository.js';
import { allowedActions, editableFields, type EditableField } from './items.workflow.js';
import { askedDeadline, workingDeadlineEdit } from './items.working-deadline.js';
import { createItemsAssistRepository } from '../items-assist/items-assist.repository.js';
import { assistedItemsSql } from '../items-assist/items-assist.query.js';
import { setAssistOrgs } from '../items-assist/items-assist.service.js';
import { cachedAssisted } from '../items-assist/items-assist.cache.js';
import { measuresDetail } from '../items-measures/items-measures.detail.js';
import { reviewContextFrom, reviewContextLateral, reviewContextOf, type ReviewContext } from '../review-levels/review-levels.context.js';
import type { AcknowledgeWindow } from '../items-acknowledge/items-acknowledge.window.js';

export interface ItemsDeps {
  db: Db;
  settings: SettingsStore;
  today(): string;
  events?: ItemEvents;
  /** The committee's time zone, for the day an item was issued (签收's window); the configured default otherwise. */
  timeZone?: string;
  /** The working-day calendar the 签收 window counts in; the one the committee keeps (系统管理 → 工作日历) unless given. */
  calendar?: () => Promise<WorkingCalendar>;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function createItemsService({ db, settings, today, events, timeZone = DEFAULT_TIME_ZONE, calendar = () => settings.calendar() }: ItemsDeps) {
  const orgsService = createOrgsService({ db });

  async function acknowledgeWindow(): Promise<AcknowledgeWindow> {
    return { today: today(), days: (await settings.get()).acknowledgeDays, calendar: await calendar(), timeZone };
  }

  async function lightContext(): Promise<LightContext> {
    const day = today();
    return { today: day, yellowDays: (await settings.windows(day)).yellowDays };
  }

  /**
   * The item if it lies in the caller's scope; anything else is "not found", never "forbidden".
   * Inside a transaction pass the transaction and a light context read before it (PGlite has one connection).
   */
  async function getScoped(user: AuthUser, id: number, conn: DbOrTx = db, light?: LightContext) {
    const { item } = await createItemsRepository({ db: conn }).findById(id, light ?? (await lightContext()));
    return scoped(user, item, conn);
  }

  async function scoped(user: AuthUser, item: ItemWithNames | undefined, conn: DbOrTx) {
    if (!item) throw new AppError('items.not_found');
    if (pathInScope(user.orgPath, item.orgPath)) return { item, assisting: false };
    // An assisting organization (协办) sees the item too, and may do less with it than the lead.
    const { assists } = await createItemsAssistRepository({ db: conn }).assistsWithin(item.item.id, user.orgPath);
    if (!assists) throw new AppError('items.not_found');
    return { item, assisting: true };
  }

  /**
   * `getScoped` with what the review levels mean for the item and the caller (`reviewContextOf`), read in the same
   * statement: a step and a view of an item each need both.
   */
  async function getScopedForReview(user: AuthUser, id: number, conn: DbOrTx = db, light?: LightContext) {
    const read = await createItemsRepository({ db: conn }).findByIdWith(id, light ?? (await lightContext()), reviewContextLateral(user, today()));
    if (!read) throw new AppError('items.not_found');
    const found = await scoped(user, read.item, conn);
    return { ...found, review: reviewContextFrom(read.with, { user, orgId: read.item.item.orgId }) };
  }

  /** The items a scope below the committee assists; a whole committee's own items already include them. */
  async function assistedFor(scopePath: string) {
    if (/^\/\d+\/$/.test(scopePath)) return null;
    return assistedItemsSql(scopePath, await cachedAssisted(db, scopePath, () => createItemsAssistRepository({ db }).assistedItems(scopePath)));
  }
  const assistTag = (scopePath: string, orgPath: string) => (pathInScope(scopePath, orgPath) ? {} : { assisting: true });

  return {
    getScoped,
    getScopedForReview,
    lightContext,
    acknowledgeWindow,

    async list(user: AuthUser, query: ItemListQuery) {
      const scope = query.orgId ? { scopePath: (await orgsService.getScoped(user, query.orgId)).org.path } : { scopePath: user.orgPath, leaf: user.orgIsLeaf };
      const repo = createItemsRepository({ db });
      const light = await lightContext();
      // Most scopes assist nothing: the page is read beside the look-up of what they assist, and read again only
      // when there is some, rather than after it on every request.
      const [assisted, first, window] = await Promise.all([assistedFor(scope.scopePath), repo.list(query, { ...scope, assisted: null, light }), acknowledgeWindow()]);
      const { rows, total } = assisted ? await repo.list(query, { ...scope, assisted, light }) : first;
      const page = rows.map((row) => ({ ...toItem(row, window), ...assistTag(scope.scopePath, row.orgPath) }));
      // A capped count one past the cap means more matches than it says (see countIsCapped).
      if (countIsCapped(query) && total > SEARCH_COUNT_CAP) return { items: page, total: SEARCH_COUNT_CAP, totalCapped: true };
      return { items: page, total };
    },

    async detail(user: AuthUser, id: number): Promise<ItemDetail> {
      const { item, assisting, review } = await getScopedForReview(user, id);
      const detail = await this.detailOf(user, item, undefined, review);
      // An assisting organization reports progress and adds evidence; the lead's steps and fields are not its own.
      return assisting ? { ...detail, allowedActions: [], editableFields: [] } : detail;
    },

    /**
     * The detail of an item already read in the caller's scope (after a step, the row and lists the step returned, and
     * the review context it was decided with when that still holds).
     */
    async detailOf(user: AuthUser, item: ItemWithNames, lists?: DetailLists, known?: ReviewContext): Promise<ItemDetail> {
      const id = item.item.id;
      const repo = createItemsRepository({ db });
      const [{ measures, progress, evidence, history, assistOrgs }, { extensionCap }, window] = await Promise.all([lists ?? repo.detailLists(id), settings.get(), acknowledgeWindow()]);
      const review = known ?? (await reviewContextOf(db, { user, item: item.item, orgPath: item.orgPath, today: today() }));
      const workflowItem = { ...toWorkflowItem(item.item), reviewChain: review.chain };
      const extra = measuresDetail({
        user,
        source: {
          item: item.item,
          orgPath: item.orgPath,
          measures: measures.map((m) => m.measure),
          evidence: evidence.map((e) => ({ measureId: e.evidence.measureId, createdAt: e.evidence.createdAt.toISOString() })),
          history: history.map((h) => ({ action: h.entry.action, at: h.entry.at.toISOString() })),
          assistOrgs,
        },
      });
      return {
        ...toItem(item, window),
        measures: measures.map(toMeasure),
        progress: progress.map(toProgress),
        evidence: evidence.map(toEvidence),
        assistOrgs: extra.assistOrgs,
        ...(extra.paperWarnings ? { paperWarnings: extra.paperWarnings } : {}),
        history: history.map(toHistory),
        allowedActions: allowedActions(workflowItem, { ...user, reviews: review.reviews }, extensionCap),
        editableFields: editableFields(workflowItem, user.role),
      };
    },

    async history(user: AuthUser, id: number) {
      await getScoped(user, id);
      const { history } = await createItemsRepository({ db }).history(id);
      return { history: history.map(toHistory) };
    },

    async create(user: AuthUser, body: CreateItemBody) {
      // An organization may record only the problems it found itself (自身查摆).
      if (user.role === 'branch' && body.source !== 'self_inspection') throw new AppError('items.source_not_allowed');
      const { org } = await orgsService.getScoped(user, body.orgId);
      const day = today();
      const year = day.slice(0, 4);
      const { deadline, working } = await askedDeadline({ db, day, deadline: body.deadline, days: body.deadlineWorkingDays, basis: body.deadlineBasis });
      const id = await db.transaction(async (tx) => {
        const repo = createItemsRepository({ db: tx });
        await assertActiveCategories(tx, [body.categoryId]);
        await assertReviewLinkable({ db: tx, reviewId: body.reviewId, orgPath: org.path, scopePath: user.orgPath });
        const measures = body.measures ?? [];
        const title = body.title?.trim() || titleFrom(body.description);
        const { code } = await repo.nextCode(`${year}-${org.shortName}`);
        const { id } = await repo.insert({
          code,
          orgId: org.id,
          committeeId: Number(org.path.split('/')[1]),
          source: body.source,
          reviewId: body.reviewId ?? null,
          categoryId: body.categoryId ?? null,
          title,
          description: body.description.trim(),
          rootCause: body.rootCause ?? null,
          target: body.target ?? null,
          responsibleLeader: body.responsibleLeader ?? null,
          responsiblePerson: body.responsiblePerson ?? null,
          deadline,
          originalDeadline: deadline,
          ...(working ? { deadlineWorkingDays: working.days, deadlineBasis: working.basis, deadlineFrom: working.from, deadlineProvisional: working.provisional } : {}),
          type: body.type,
          remarks: body.remarks ?? null,
          searchText: searchTextOf({ title, description: body.description, measures }),
          createdBy: user.id,
          updatedBy: user.id,
        });
        await repo.replaceMeasures(id, measures);
        await setAssistOrgs({ db: tx, user, item: { id, orgId: org.id, orgPath: org.path }, orgIds: body.assistOrgIds });
        await recordHistory(tx, { itemId: id, actorId: user.id, action: 'created', toStatus: 'issued', data: { code, orgId: org.id, deadline, ...(working ? { workingDays: working.days, ...(working.basis === 'acknowledge' ? { deadlineBasis: working.basis } : {}) } : {}) } });
        await events?.emit(tx, { itemId: id, orgId: org.id, code, title, action: 'created', fromStatus: null, toStatus: 'issued', comment: null, actor: user });
        return id;
      });
      return this.detail(user, id);
    },

    async update(user: AuthUser, id: number, body: UpdateItemBody) {
      const { version, assistOrgIds, deadlineWorkingDays, deadlineBasis, ...changes } = body;
      const light = await lightContext();
      // Read before the transaction: PGlite has one connection.
      const workingCalendar = deadlineWorkingDays || deadlineBasis ? await calendar() : null;
      await db.transaction(async (tx) => {
        const repo = createItemsRepository({ db: tx });
        const { item, assisting } = await getScoped(user, id, tx, light);
        if (assisting) throw new AppError('items.assist_not_allowed');
        const current = item.item;
        if (current.version !== version) throw new AppError('items.stale_version');
        const allowed = editableFields(toWorkflowItem(current), user.role);
        if (allowed.length === 0) throw new AppError('items.not_editable');
        const working = workingDeadlineEdit({
          current,
          workingDays: deadlineWorkingDays,
          basis: deadlineBasis,
          deadlineChanged: changes.deadline !== undefined && changes.deadline !== current.deadline,
          calendar: workingCalendar,
          timeZone,
        });
        // N 个工作日 sets the deadline: it needs the same right, and the same open state, as the date itself.
        if (working?.deadline) changes.deadline = working.deadline;
        const requested = Object.keys(changes) as EditableField[];
        // Before 签收, and while the committee answers an objection, the deadline is still the committee's to set.
        const deadlineOpen = current.status === 'issued' || current.status === 'objected';
        const basisChanged = working !== null && working.fields.deadlineWorkingDays !== null && working.fields.deadlineBasis !== current.deadlineBasis;
        if ((deadlineWorkingDays !== undefined && deadlineWorkingDays !== current.deadlineWorkingDays) || basisChanged) {
          if (!deadlineOpen) throw new AppError('items.deadline_locked');
          if (!allowed.includes('deadline')) throw new AppError('items.field_not_allowed', { details: { fields: ['deadlineWorkingDays'] } });
        }
        if (requested.includes('deadline') && !deadlineOpen && changes.deadline !== current.deadline) throw new AppError('items.deadline_locked');
        // A field sent back unchanged is no change (a form may send the deadline or the source it showed).
        const unchanged = (f: EditableField) => (f === 'deadline' || f === 'source') && changes[f] === current[f];
        const refused = requested.filter((f) => !allowed.includes(f) && !unchanged(f));
        if (refused.length) throw new AppError('items.field_not_allowed', { details: { fields: refused } });
        await assertActiveCategories(tx, [changes.categoryId]);

        const { measures: oldMeasures } = await repo.measures(id);
        const diff: Record<string, { before: unknown; after: unknown }> = {};
        const values: Record<string, unknown> = {};
        for (const field of requested) {
          if (field === 'measures') {
            const before = oldMeasures.map((m) => ({ content: m.content, responsiblePerson: m.responsiblePerson, deadline: m.deadline }));
            const after = (changes.measures ?? []).map((m) => ({ content: m.content.trim(), responsiblePerson: m.responsiblePerson ?? null, deadline: m.deadline ?? null }));
            if (!sameValue(before, after)) diff.measures = { before, after };
            continue;
          }
          const after = typeof changes[field] === 'string' ? (changes[field] as string).trim() : changes[field];
          if (!sameValue(current[field], after)) {
            diff[field] = { before: current[field], after };
            values[field] = after;
          }
        }
        // Assisting organizations are named by whoever may edit the problem itself.
        if (assistOrgIds !== undefined && !allowed.includes('title')) throw new AppError('items.field_not_allowed', { details: { fields: ['assistOrgIds'] } });
        Object.assign(diff, await setAssistOrgs({ db: tx, user, item: { id, orgId: current.orgId, orgPath: item.orgPath }, orgIds: assistOrgIds }));
        if (working && working.fields.deadlineWorkingDays !== current.deadlineWorkingDays) {
          diff.deadlineWorkingDays = { before: current.deadlineWorkingDays, after: working.fields.deadlineWorkingDays };
        }
        if (basisChanged) diff.deadlineBasis = { before: current.deadlineBasis, after: working.fields.deadlineBasis };
        if (working && (diff.deadlineWorkingDays || diff.deadlineBasis || values.deadline || working.fields.deadlineProvisional !== current.deadlineProvisional)) Object.assign(values, working.fields);
        if (Object.keys(diff).length === 0) return;
        if (values.deadline) values.originalDeadline = values.deadline;
        const measuresAfter = diff.measures ? (changes.measures ?? []) : oldMeasures;
        values.searchText = searchTextOf({ title: (values.title as string) ?? current.title, description: (values.description as string) ?? current.description, measures: measuresAfter });
        const { updated } = await repo.updateVersioned(id, version, { ...values, updatedBy: user.id });
        if (!updated) throw new AppError('items.stale_version');
        if (diff.measures) await repo.replaceMeasures(id, changes.measures ?? []);
        await recordHistory(tx, { itemId: id, actorId: user.id, action: 'updated', changes: diff });
      });
      return this.detail(user, id);
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
