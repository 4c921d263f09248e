import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createItemsAssistRepository } from './items-assist.repository.js';

const committeeOf = (path: string) => path.split('/')[1];

/**
 * Sets an item's assisting organizations (协办) when the request names them: each must lie in the caller's scope and
 * in the lead's committee, and not be the lead itself. Returns the change for the item's history, or null.
 */
export async function setAssistOrgs({ db, user, item, orgIds }: { db: DbOrTx; user: AuthUser; item: { id: number; orgId: number; orgPath: string }; orgIds: number[] | undefined }) {
  if (orgIds === undefined) return null;
  const repo = createItemsAssistRepository({ db });
  const wanted = [...new Set(orgIds)].sort((a, b) => a - b);
  const { orgs: found } = await repo.orgsByIds(wanted);
  const valid = found.filter((o) => o.id !== item.orgId && pathInScope(user.orgPath, o.path) && committeeOf(o.path) === committeeOf(item.orgPath));
  if (valid.length !== wanted.length) throw new AppError('items.assist_org_invalid', { details: { orgIds: wanted.filter((id) => !valid.some((o) => o.id === id)) } });
  const { orgs: before } = await repo.orgsOf(item.id);
  const beforeIds = before.map((o) => o.id).sort((a, b) => a - b);
  if (beforeIds.join(',') === wanted.join(',')) return null;
  await repo.replace(item.id, wanted);
  const names = (list: { id: number; name: string }[]) => list.map((o) => o.name);
  return { assistOrgs: { before: names(before), after: names(wanted.map((id) => valid.find((o) => o.id === id)!)) } };
}
