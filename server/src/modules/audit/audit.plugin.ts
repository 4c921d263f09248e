import fp from 'fastify-plugin';
import { eq } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { actionOf } from './audit.actions.js';
import { auditInsertSql, createAuditRepository, type AuditInsert } from './audit.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a way in other than the sign-in form (single sign-on's return): the sign-in it recorded, for the log. */
    signInAudit?: { username: string | null; method: string; status: number };
    /**
     * For a route whose change is one statement: the audit row of this request answered with `status`, as an
     * `INSERT … SELECT` for a CTE of that statement, written where `when` holds (the change took effect). The row then
     * commits with the change, and a successful answer writes none after it. Null when the request records nothing.
     */
    auditInStatement(status: number): ((when: SQL) => SQL) | null;
    /** Set by `auditInStatement`: a successful answer's row was written by the route's own statement. */
    auditWritten?: boolean;
  }
  interface FastifyInstance {
    audit: {
      /** Resolves when every record started so far is written (or its failure logged). */
      settled(): Promise<void>;
    };
  }
}

const userAgentMax = 300;

/**
 * Writes the audit log after each answer is sent, so a slow or failed insert neither delays nor breaks a request:
 * a failure is logged and dropped. Recorded: every sign-in attempt, and every successful change (non-GET, 2xx)
 * by a signed-in user, and every request another system made with an API token (reads and refusals too), under the
 * token's name. Only route parameters are kept, never a body, so no password or token reaches the table.
 */
export default fp(
  async function auditPlugin(fastify: FastifyInstance) {
    const repo = createAuditRepository({ db: fastify.db });
    const pending = new Set<Promise<void>>();

    /** The account a sign-in named, when it exists: what was typed is kept only then (it may be a password). */
    async function account(typed: unknown) {
      if (typeof typed !== 'string' || typed.length > 64) return null;
      const [row] = await fastify.db
        .select({ id: users.id, username: users.username, orgId: users.orgId, orgPath: orgs.path })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(eq(users.username, typed));
      return row ?? null;
    }

    /** Where a request came from and how it was answered: every row has these. */
    const sourceOf = (request: FastifyRequest, status: number) => ({ ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, userAgentMax) ?? null, status });

    /** The row of a request other than a sign-in, answered with `status`: a token's every call, a user's changes. */
    function rowOf(request: FastifyRequest, status: number): AuditInsert | null {
      const method = request.method;
      const routeUrl = request.routeOptions.url ?? '';
      const source = sourceOf(request, status);
      if (request.user?.apiToken) {
        const { user } = request;
        const targetId = Number((request.params as { id?: unknown } | undefined)?.id);
        const targetType = routeUrl.slice('/api/'.length).split('/')[0] || null;
        const detail = { route: `${method} ${routeUrl}`, params: request.params ?? {}, apiTokenId: user.apiToken!.id };
        return { ...source, action: 'api.request', userId: null, username: user.username, orgId: user.orgId, orgPath: user.orgPath, targetType, targetId: Number.isSafeInteger(targetId) && targetId > 0 ? targetId : null, detail };
      }
      if (status >= 200 && status < 300 && request.user) {
        const done = actionOf(method, routeUrl, request.params, request.body);
        if (!done) return null;
        const { user } = request;
        return { ...source, ...done, userId: user.id, username: user.username, orgId: user.orgId, orgPath: user.orgPath, detail: { route: `${method} ${routeUrl}`, params: request.params ?? {} } };
      }
      return null;
    }

    async function record(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const status = reply.statusCode;
      // Written already, with the change it records.
      if (request.auditWritten && status >= 200 && status < 300) return;
      let row: AuditInsert | null;
      if (request.signInAudit || (request.method === 'POST' && request.routeOptions.url === '/api/auth/login')) {
        const body = request.body as { username?: unknown; method?: unknown } | undefined;
        const signIn = request.signInAudit ?? { username: body?.username, method: typeof body?.method === 'string' ? body.method : 'password', status };
        const who = await account(signIn.username);
        const action = signIn.status === 200 ? 'auth.login' : signIn.status === 429 ? 'auth.login_throttled' : 'auth.login_failed';
        row = { ...sourceOf(request, signIn.status), action, userId: who?.id ?? null, username: who?.username ?? null, orgId: who?.orgId ?? null, orgPath: who?.orgPath ?? null, targetType: 'users', targetId: who?.id ?? null, detail: { method: signIn.method } };
      } else {
        row = rowOf(request, status);
      }
      if (row) await repo.insert(row);
    }

    fastify.decorateRequest('auditInStatement', function (this: FastifyRequest, status: number) {
      const row = rowOf(this, status);
      if (!row) return null;
      this.auditWritten = true;
      return (when: SQL) => auditInsertSql(row, when);
    });

    // What another system read is recorded too, under its token's name (its other requests pass through the hook below).
    fastify.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' || !request.user?.apiToken) return;
      const write = record(request, reply).catch((err: unknown) => request.log.error({ err }, 'audit record failed'));
      pending.add(write);
      void write.finally(() => pending.delete(write));
    });

    fastify.addHook('onResponse', async (request, reply) => {
      if (!request.signInAudit && (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS')) return;
      const write = record(request, reply).catch((err: unknown) => request.log.error({ err }, 'audit record failed'));
      pending.add(write);
      void write.finally(() => pending.delete(write));
    });

    fastify.decorate('audit', {
      async settled() {
        await Promise.all([...pending]);
      },
    });
    fastify.addHook('onClose', async () => {
      await Promise.all([...pending]);
    });
  },
  { name: 'audit', dependencies: ['db'] },
);
