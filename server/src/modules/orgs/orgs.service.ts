import type { CreateOrgBody, Org, UpdateOrgBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { pgErrorCode } from '../../db/errors.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createOrgsRepository, type OrgRow } from './orgs.repository.js';
import { sessionCache } from '../../plugins/session-cache.js';

export function toOrg(row: OrgRow): Org {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind as Org['kind'],
    depth: row.depth,
    sortOrder: row.sortOrder,
  };
}

function translateConstraint(err: unknown): never {
  const code = pgErrorCode(err);
  if (code === '23505') throw new AppError('orgs.name_taken');
  if (code === '23503' || code === '23001') throw new AppError('orgs.not_empty');
  throw err;
}

export function createOrgsService({ db }: { db: Db }) {
  /** The organization if it is in the caller's scope; anything else is "not found". */
  async function getScoped(user: AuthUser, id: number, repo = createOrgsRepository({ db })) {
    const { org } = await repo.findById(id);
    if (!org || !pathInScope(user.orgPath, org.path)) throw new AppError('orgs.not_found');
    return { org };
  }

  return {
    getScoped,

    async list(user: AuthUser, query: { root?: number; q?: string }) {
      const repo = createOrgsRepository({ db });
      const path = query.root ? (await getScoped(user, query.root, repo)).org.path : user.orgPath;
      const { orgs } = await repo.listUnder({ path, q: query.q });
      return { orgs: orgs.map(toOrg) };
    },

    async counts(user: AuthUser, query: { root?: number }) {
      const repo = createOrgsRepository({ db });
      const path = query.root ? (await getScoped(user, query.root, repo)).org.path : user.orgPath;
      return repo.countsUnder(path);
    },

    async create(user: AuthUser, body: CreateOrgBody) {
      return db
        .transaction(async (tx) => {
          const repo = createOrgsRepository({ db: tx });
          const { org: parent } = await getScoped(user, body.parentId, repo);
          const { org } = await repo.insert({
            parentId: parent.id,
            parentPath: parent.path,
            parentDepth: parent.depth,
            name: body.name.trim(),
            shortName: (body.shortName ?? body.name).trim(),
            kind: body.kind,
            sortOrder: body.sortOrder ?? 0,
          });
          return { org: toOrg(org) };
        })
        .then((created) => {
          // The parent may have been a leaf until now, as the sessions of its users remember it (auth.ts, orgIsLeaf).
          sessionCache(db).clear();
          return created;
        })
        .catch(translateConstraint);
    },

    async update(user: AuthUser, id: number, body: UpdateOrgBody) {
      return db
        .transaction(async (tx) => {
          const repo = createOrgsRepository({ db: tx });
          const { org: current } = await getScoped(user, id, repo);
          const moving = body.parentId !== undefined && body.parentId !== current.parentId;
          if (moving) {
            // The caller's own organization is the root of their scope: moving it would leave their scope.
            if (current.parentId === null || current.path === user.orgPath) throw new AppError('orgs.root_immutable');
            const { org: parent } = await getScoped(user, body.parentId!, repo);
            if (pathInScope(current.path, parent.path)) throw new AppError('orgs.invalid_parent');
            await repo.moveSubtree({ oldPath: current.path, newPath: `${parent.path}${current.id}/`, depthDelta: parent.depth + 1 - current.depth });
          }
          const { org } = await repo.update(id, {
            name: body.name?.trim(),
            shortName: body.shortName?.trim(),
            kind: body.kind,
            sortOrder: body.sortOrder,
            parentId: moving ? body.parentId : undefined,
          });
          return { org: toOrg(org), moving };
        })
        .then(({ org, moving }) => {
          // Users below a moved node now have another scope path.
          if (moving) sessionCache(db).clear();
          return { org };
        })
        .catch(translateConstraint);
    },

    async remove(user: AuthUser, id: number) {
      return db
        .transaction(async (tx) => {
          const repo = createOrgsRepository({ db: tx });
          const { org } = await getScoped(user, id, repo);
          if (org.parentId === null || org.path === user.orgPath) throw new AppError('orgs.root_immutable');
          await repo.remove(id);
        })
        .catch(translateConstraint);
    },
  };
}
