import type { NotificationKind, Role } from '@rectify/shared';
import { itemActionLabels, notificationKindLabels, reviewLevelLabels } from '@rectify/shared';
import type { SQL } from 'drizzle-orm';
import type { Clock } from '../../lib/clock.js';
import type { ItemEvent, ItemEvents } from '../items/items.events.js';
import { notifyUsersSql, queueDeliveriesSql } from './notifications.notify.js';
import { notifyReviewersSql, queueReviewerDeliveriesSql, type ReviewerMessage } from './notifications.reviewers.js';

/**
 * Who hears about which item change: requests go up to whoever reviews them next (the supervisors over the item's
 * organization, or below the committee the level's endorsers, see `reviewerStatements`); decisions
 * and new items go to the organization's clerks (branch users at the organization or above it, who see the item).
 * The actor is never notified of their own step.
 */
const routes: Partial<Record<ItemEvent['action'], { kind: NotificationKind; roles: readonly Role[] }>> = {
  created: { kind: 'item_issued', roles: ['branch'] },
  request_closure: { kind: 'closure_requested', roles: ['supervisor'] },
  request_extension: { kind: 'extension_requested', roles: ['supervisor'] },
  // An endorsement that passes a request on to the committee reaches it as the request itself would.
  endorse_closure: { kind: 'closure_requested', roles: ['supervisor'] },
  endorse_extension: { kind: 'extension_requested', roles: ['supervisor'] },
  reject_closure: { kind: 'closure_returned', roles: ['branch'] },
  approve_extension: { kind: 'extension_approved', roles: ['branch'] },
  reject_extension: { kind: 'extension_rejected', roles: ['branch'] },
  approve_closure: { kind: 'item_closed', roles: ['branch'] },
  cancel: { kind: 'item_cancelled', roles: ['branch'] },
  // 签收与异议: an objection goes up to the committee; a transferred item or an answered objection reaches the
  // organization that is to sign for it as a new item does.
  object: { kind: 'item_objected', roles: ['supervisor'] },
  transfer: { kind: 'item_issued', roles: ['branch'] },
  reject_objection: { kind: 'item_issued', roles: ['branch'] },
};

/** The step as the recipient reads it: the workflow action's label, or the notice kind's for other changes. */
const stepOf = (event: ItemEvent, kind: NotificationKind) =>
  event.action in itemActionLabels ? itemActionLabels[event.action as keyof typeof itemActionLabels] : notificationKindLabels[kind];

export function describeEvent(event: ItemEvent, kind: NotificationKind) {
  const step = stepOf(event, kind);
  const title = `${notificationKindLabels[kind]}：${event.code}`;
  const body = [`${event.code} ${event.title}`, `${event.actor.displayName} ${step}${event.comment ? `：${event.comment}` : ''}`].join('\n');
  return { title, body };
}

/** How many items a summary notification names before "…等 N 项". */
const namedInSummary = 5;

/**
 * The message for one organization's share of a change: the item itself, or, when one statement changed several
 * of the organization's items (an import, say), one summary naming the first few, so that a clerk gets one
 * notice of 200 new items rather than 200 notices.
 */
export function describeEvents(events: readonly ItemEvent[], kind: NotificationKind) {
  if (events.length === 1) return { ...describeEvent(events[0], kind), itemId: events[0].itemId };
  const [first] = events;
  const step = stepOf(first, kind);
  const title = `${notificationKindLabels[kind]}：${events.length} 项`;
  const named = events.slice(0, namedInSummary).map((e) => `${e.code} ${e.title}`);
  const more = events.length > namedInSummary ? [`…等 ${events.length} 项`] : [];
  const body = [...named, ...more, `${first.actor.displayName} ${step}`].join('\n');
  return { title, body, itemId: null };
}

const groupBy = <T, K>(list: readonly T[], key: (item: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

/** A request (or an endorsement passing it on) that now waits at 本单位审核 or 党委初审: its reviewers there hear of it. */
const waitsBelowCommittee = (e: ItemEvent): e is ItemEvent & { awaiting: { level: 'unit' | 'party'; requesterId: number } } =>
  e.awaiting !== undefined && e.awaiting.level !== 'committee' && routes[e.action] !== undefined;

function reviewerStatements(events: readonly ItemEvent[], { at, today }: { at: Date; today: () => string }, when: SQL): SQL[] {
  const waiting = events.filter(waitsBelowCommittee);
  if (waiting.length === 0) return [];
  const day = today();
  return [...groupBy(waiting, (e) => e.actor.id).values()].flatMap((ofActor) => {
    const entries: ReviewerMessage[] = ofActor.map((e) => {
      const kind = routes[e.action]!.kind;
      const { body } = describeEvent(e, kind);
      const title = `${notificationKindLabels[kind]}（${reviewLevelLabels[e.awaiting.level]}）：${e.code}`;
      return { orgId: e.orgId, level: e.awaiting.level, requesterId: e.awaiting.requesterId, message: { kind, title, body, itemId: e.itemId }, outbound: { title, lines: body.split('\n') } };
    });
    return [notifyReviewersSql({ entries, actorId: ofActor[0].actor.id, at, today: day }, when), queueReviewerDeliveriesSql({ entries, at }, when)];
  });
}

/**
 * Writes the notifications and queued deliveries of item changes with the changes themselves: per kind of notice,
 * one message per organization and actor, two statements however many items changed, which a step of the
 * workflow runs inside its own statement.
 */
export function routeItemEvents({ events, clock, today }: { events: ItemEvents; clock: Clock; today: () => string }) {
  events.write((changes, when) => {
    // A clerk recording their own self-inspection problem needs no notice of it.
    const routed = changes.filter((e) => routes[e.action] && !(e.action === 'created' && e.actor.role === 'branch') && !waitsBelowCommittee(e));
    const at = clock.now();
    return [...reviewerStatements(changes, { at, today }, when), ...[...groupBy(routed, (e) => e.action)].flatMap(([action, ofAction]) => {
      const route = routes[action]!;
      const messages = [...groupBy(ofAction, (e) => `${e.orgId}:${e.actor.id}`).values()].map((group) => ({
        orgId: group[0].orgId,
        exceptUserId: group[0].actor.id,
        ...describeEvents(group, route.kind),
      }));
      return [
        notifyUsersSql({ roles: route.roles, entries: messages.map(({ orgId, exceptUserId, title, body, itemId }) => ({ orgId, exceptUserId, message: { kind: route.kind, title, body, itemId } })), at }, when),
        queueDeliveriesSql({ kind: route.kind, entries: messages.map(({ orgId, title, body }) => ({ orgId, message: { title, lines: body.split('\n') } })), at }, when),
      ];
    })];
  });
}
