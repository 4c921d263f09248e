import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAddressPolicy } from '../../lib/outbound/address-policy.js';
import { createDeliveryWorker, type DeliveryWorker } from './deliveries.worker.js';
import { routeItemEvents } from './notifications.routing.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends queued outbound deliveries; the scheduler drives it, tests call `runOnce()` themselves. */
    deliveryWorker: DeliveryWorker;
  }
}

/** Item changes become notifications and queued deliveries inside their own transactions. */
export default fp(
  async function notificationsPlugin(fastify: FastifyInstance) {
    routeItemEvents({ events: fastify.itemEvents, clock: fastify.clock, today: () => fastify.today() });
    const outbound = { policy: createAddressPolicy({ allow: fastify.config.outboundAllow }) };
    fastify.decorate('deliveryWorker', createDeliveryWorker({ db: fastify.db, clock: fastify.clock, outbound }));
  },
  { name: 'notifications', dependencies: ['config', 'db'] },
);
