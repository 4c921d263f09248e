import type { Profile, Role, UpdateProfileBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { sessionCache } from '../../plugins/session-cache.js';
import { createUsersRepository } from './users.repository.js';

export function createProfileService({ db }: { db: Db }) {
  const repo = createUsersRepository({ db });

  async function get(userId: number): Promise<{ profile: Profile }> {
    const { user } = await repo.findById(userId);
    return {
      profile: { id: user.id, username: user.username, displayName: user.displayName, role: user.role as Role, orgName: user.orgName, phone: user.phone, email: user.email },
    };
  }

  return {
    get,

    async update(userId: number, body: UpdateProfileBody) {
      await repo.update(userId, { displayName: body.displayName, phone: body.phone, email: body.email });
      // The session carries the display name (the header shows it): read it afresh on the next request.
      sessionCache(db).invalidate(userId);
      return get(userId);
    },
  };
}
