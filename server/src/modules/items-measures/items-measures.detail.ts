import type { AssistOrg, PaperWarning } from '@rectify/shared';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { paperWarnings } from './paper-warnings.js';

interface DetailSource {
  item: { status: string; deadline: string; completionNote: string | null };
  orgPath: string;
  measures: { id: number; seq: number; content: string }[];
  evidence: { measureId?: number | null; createdAt: string }[];
  history: { action: string; at: string }[];
  /** Read with the item's other lists (`detailListsSql`). */
  assistOrgs: AssistOrg[];
}

/**
 * What an item's detail says of its assisting organizations and, while closure is requested, of paper-only
 * rectification. `assisting`: the caller sees the item only as an assisting organization, and so may not act for
 * the lead.
 */
export function measuresDetail({ user, source, timeZone = 'Asia/Shanghai' }: { user: AuthUser; source: DetailSource; timeZone?: string }) {
  const assisting = !pathInScope(user.orgPath, source.orgPath);
  let warnings: PaperWarning[] | undefined;
  if (source.item.status === 'closure_requested') {
    const requestedAt = source.history.filter((h) => h.action === 'request_closure').at(-1)?.at ?? null;
    warnings = paperWarnings({ measures: source.measures, evidence: source.evidence, completionNote: source.item.completionNote, requestedAt, deadline: source.item.deadline, timeZone });
  }
  return { assistOrgs: source.assistOrgs, assisting, paperWarnings: warnings };
}
