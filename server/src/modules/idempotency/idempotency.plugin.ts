import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/app-error.js';
import { createIdempotencyRepository, type IdempotencyRow } from './idempotency.repository.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A creating route: an `Idempotency-Key` header makes a retry answer the first answer instead of writing again. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyClaim?: Claim;
  }
}

interface Claim {
  userId: number;
  key: string;
  owner: string;
  /** Set once a write transaction of the request has committed (with the claim's commit mark in it). */
  committed: boolean;
}

const KEEP_MS = 24 * 3600 * 1000;
/** A claim counts as in flight this long at most; within it, one of this process counts until its request answers. */
const LEASE_MS = 10 * 60 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
const keyFormat = /^[\x21-\x7e]{1,100}$/;

export const replayedHeader = 'idempotent-replayed';

/**
 * `Idempotency-Key` on the creating routes (`config: { idempotent: true }`).
 *
 * Why claim before and mark inside: the handlers open their own transactions in their services, so the key cannot
 * simply be one more insert of theirs. Instead the key row is claimed (committed on its own) before the handler
 * runs, every transaction the handler opens marks the claim as committed as its last statement (so the mark
 * commits exactly when the write does), and a 2xx answer is stored on the row before it is sent. A retry then
 * finds one of: a stored answer (replayed, nothing written); a claim whose request is still running (409); a
 * claim whose request ended without committing (a refusal, or a failure before or during the write: taken over
 * and run again, which is safe because nothing was written); or a committed claim without an answer (the write
 * committed and the answer was lost, as when PostgreSQL goes away between the commit and the read that builds the
 * answer): 409 `common.idempotency_committed`, never a second write.
 */
export default fp(
  async function idempotencyPlugin(fastify: FastifyInstance) {
    const instance = randomUUID();
    const running = new Set<string>();
    const current = new AsyncLocalStorage<Claim>();
    const repo = createIdempotencyRepository({ db: fastify.db });
    let lastPrune = 0;

    // Every transaction opened while a claimed request runs carries the claim's commit mark.
    const transaction = fastify.db.transaction.bind(fastify.db);
    const marked = ((work, config) => {
      const claim = current.getStore();
      if (!claim) return transaction(work, config);
      return transaction(async (tx) => {
        const result = await work(tx);
        await createIdempotencyRepository({ db: tx }).markCommitted(claim, fastify.clock.now());
        return result;
      }, config).then((result) => {
        claim.committed = true;
        return result;
      });
    }) as typeof fastify.db.transaction;
    fastify.db.transaction = marked;
    // Tests build several apps on one database: each restores what it found.
    fastify.addHook('onClose', async () => {
      if (fastify.db.transaction === marked) fastify.db.transaction = transaction;
    });

    fastify.addHook('onRoute', (route) => {
      if (!route.config?.idempotent) return;
      const handler = route.handler;
      route.handler = function idempotentHandler(this: FastifyInstance, request, reply) {
        const claim = request.idempotencyClaim;
        return claim ? current.run(claim, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
      };
    });

    const inFlight = (row: IdempotencyRow, now: number) => {
      if (!row.owner) return false;
      const leased = now - row.claimedAt.getTime() < LEASE_MS;
      return row.owner.startsWith(`${instance}:`) ? running.has(row.owner) && leased : leased;
    };

    async function claimOrReplay(request: FastifyRequest, reply: FastifyReply, key: string, owner: string) {
      const userId = request.user.id;
      const route = `${request.method} ${request.routeOptions.url}`;
      const fingerprint = fingerprintOf(request);
      const now = fastify.clock.now();
      if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await repo.deleteExpired(new Date(now.getTime() - KEEP_MS));
      }
      const claim: Claim = { userId, key, owner, committed: false };
      for (let attempt = 0; attempt < 3; attempt++) {
        const { claimed } = await repo.insertClaim({ userId, key, route, fingerprint, owner, claimedAt: now, createdAt: now });
        if (claimed) return claim;
        const { row } = await repo.find({ userId, key });
        if (!row) continue;
        if (now.getTime() - row.createdAt.getTime() >= KEEP_MS) {
          await repo.deleteExpired(new Date(now.getTime() - KEEP_MS));
          continue;
        }
        if (row.route !== route || row.fingerprint !== fingerprint) throw new AppError('common.idempotency_mismatch');
        if (row.statusCode !== null && row.responseBody !== null) {
          await reply.code(row.statusCode).header(replayedHeader, 'true').type('application/json; charset=utf-8').send(row.responseBody);
          return null;
        }
        if (inFlight(row, now.getTime())) throw new AppError('common.idempotency_in_progress');
        if (row.committedAt) throw new AppError('common.idempotency_committed');
        const { taken } = await repo.takeOver(row, { owner, claimedAt: now });
        if (taken) return claim;
      }
      throw new AppError('common.idempotency_in_progress');
    }

    fastify.addHook('preHandler', async (request, reply) => {
      if (!request.routeOptions.config?.idempotent) return;
      const header = request.headers['idempotency-key'];
      if (header === undefined) return;
      if (typeof header !== 'string' || !keyFormat.test(header)) {
        throw new AppError('common.validation', { message: 'Idempotency-Key 须为 1–100 个可打印 ASCII 字符', details: { header: 'Idempotency-Key' } });
      }
      const owner = `${instance}:${request.id}:${randomUUID()}`;
      // Counted as running before the claim row exists: a second send that finds the row between its insert and
      // this request's handler must see it in flight, not ended, or it would take the claim over and write twice.
      running.add(owner);
      let claim: Claim | null = null;
      try {
        claim = await claimOrReplay(request, reply, header, owner);
      } finally {
        if (!claim) running.delete(owner);
      }
      if (!claim) return reply;
      request.idempotencyClaim = claim;
    });

    // The answer is stored before it leaves, so a retry that follows it finds it.
    fastify.addHook('onSend', async (request, reply, payload) => {
      const claim = request.idempotencyClaim;
      if (!claim || reply.statusCode < 200 || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
      try {
        await repo.storeAnswer(claim, { statusCode: reply.statusCode, responseBody: payload });
      } catch (err) {
        // The answer still goes out; a retry then finds the committed claim and is refused rather than run twice.
        request.log.warn({ err, key: claim.key }, 'idempotent answer not stored');
      }
      return payload;
    });

    const finish = async (request: FastifyRequest) => {
      const claim = request.idempotencyClaim;
      if (!claim || !running.delete(claim.owner)) return;
      try {
        await repo.release(claim);
      } catch (err) {
        // The claim stays with an owner this process knows has finished: a retry takes it over or is refused.
        request.log.warn({ err, key: claim.key }, 'idempotency claim not released');
      }
    };
    fastify.addHook('onResponse', finish);
  },
  { name: 'idempotency', dependencies: ['config', 'db', 'auth'] },
);

/** What a retry must repeat: the route's parameters, query and JSON body (an upload's bytes are not read here). */
function fingerprintOf(request: FastifyRequest): string {
  const content = JSON.stringify([request.params ?? null, request.query ?? null, request.body ?? null]);
  return createHash('sha256').update(content).digest('hex');
}
