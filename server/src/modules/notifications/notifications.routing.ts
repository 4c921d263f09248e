import type { NotificationKind, Role } from '@rectify/shared';
import { itemActionLabels, notificationKindLabels } from '@rectify/shared';
import type { Clock } from '../../lib/clock.js';
import type { ItemEvent, ItemEvents } from '../items/items.events.js';
import { notifyUsersOver, queueDeliveries } from './notifications.notify.js';

/**
 * Who hears about which item change: requests go up to the supervisors over the item's organization; decisions
 * and new items go to the organization's clerks (branch users at the organization or above it, who see the item).
 * The actor is never notified of their own step.
 */
const routes: Partial<Record<ItemEvent['action'], { kind: NotificationKind; roles: readonly Role[] }>> = {
  created: { kind: 'item_issued', roles: ['branch'] },
  request_closure: { kind: 'closure_requested', roles: ['supervisor'] },
  request_extension: { kind: 'extension_requested', roles: ['supervisor'] },
  reject_closure: { kind: 'closure_returned', roles: ['branch'] },
  approve_extension: { kind: 'extension_approved', roles: ['branch'] },
  reject_extension: { kind: 'extension_rejected', roles: ['branch'] },
  approve_closure: { kind: 'item_closed', roles: ['branch'] },
  cancel: { kind: 'item_cancelled', roles: ['branch'] },
};

export function describeEvent(event: ItemEvent, kind: NotificationKind) {
  const step = event.action in itemActionLabels ? itemActionLabels[event.action as keyof typeof itemActionLabels] : notificationKindLabels[kind];
  const title = `${notificationKindLabels[kind]}：${event.code}`;
  const body = [`${event.code} ${event.title}`, `${event.actor.displayName} ${step}${event.comment ? `：${event.comment}` : ''}`].join('\n');
  return { title, body };
}

/** Writes the notifications and queued deliveries of each item change inside the change's own transaction. */
export function routeItemEvents({ events, clock }: { events: ItemEvents; clock: Clock }) {
  events.on(async (tx, event) => {
    const route = routes[event.action];
    if (!route) return;
    // A clerk recording their own self-inspection problem needs no notice of it.
    if (event.action === 'created' && event.actor.role === 'branch') return;
    const at = clock.now();
    const { title, body } = describeEvent(event, route.kind);
    await notifyUsersOver(tx, { orgId: event.orgId, roles: route.roles, exceptUserId: event.actor.id, message: { kind: route.kind, title, body, itemId: event.itemId }, at });
    await queueDeliveries(tx, { orgId: event.orgId, kind: route.kind, message: { title, lines: body.split('\n') }, at });
  });
}
