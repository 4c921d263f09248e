import { permissions, roleCan, type ItemDetail, type LedgerSheetRow, type Me, type Permission, type Role } from '@rectify/shared';

/** The signed-in user of each role as the server describes them (same permission rule as the server's /me). */
export function meAs(role: Role, overrides: Partial<Me> = {}): Me {
  const granted = (Object.keys(permissions) as Permission[]).filter((p) => p !== 'public' && roleCan(role, p));
  return { id: 1, username: role, displayName: `${role} user`, role, orgId: 1, orgName: '江川市直属机关工作委员会', permissions: granted, mustChangePassword: false, ...overrides };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A ledger item as GET /api/items/:id answers, in progress at the police committee, with nothing attached. */
export function itemDetail(overrides: Partial<ItemDetail> = {}): ItemDetail {
  return {
    id: 7,
    code: '2026-公安-001',
    orgId: 2,
    orgName: '江川市公安局党委',
    source: 'review',
    reviewId: null,
    commonProblemId: null,
    categoryId: 2,
    categoryName: '理论学习',
    title: '理论学习不够系统深入',
    description: '理论学习不够系统深入，学用结合不紧密。',
    rootCause: null,
    target: null,
    responsibleLeader: '张明',
    responsiblePerson: '李华',
    deadline: '2026-08-31',
    originalDeadline: '2026-08-31',
    extensionCount: 0,
    pendingExtension: null,
    type: 'deadline',
    status: 'in_progress',
    light: 'green',
    closedLate: null,
    completionNote: null,
    completedOn: null,
    closedAt: null,
    remarks: null,
    issuedAt: '2026-03-01T02:00:00.000Z',
    acknowledgedAt: '2026-03-02T02:00:00.000Z',
    acknowledgedBy: 3,
    acknowledgeDue: null,
    acknowledgeOverdue: false,
    objection: null,
    reviewLevel: null,
    extensionReviewLevel: null,
    evidenceCount: 0,
    version: 3,
    createdBy: 2,
    createdAt: '2026-03-01T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    measures: [],
    progress: [],
    evidence: [],
    history: [],
    allowedActions: [],
    editableFields: [],
    ...overrides,
  };
}

/** A row as GET /api/items/ledger answers: in progress at the police committee, with nothing attached. */
export function ledgerSheetRow(overrides: Partial<LedgerSheetRow> = {}): LedgerSheetRow {
  return {
    id: 7,
    code: '2026-公安-001',
    orgId: 2,
    orgName: '江川市公安局党委',
    source: 'review',
    categoryName: '理论学习',
    title: '理论学习不够系统深入',
    description: '理论学习不够系统深入。',
    rootCause: null,
    target: null,
    measures: [],
    responsibleLeader: '张明',
    responsiblePerson: '李华',
    deadline: '2026-08-31',
    extensionCount: 0,
    type: 'deadline',
    status: 'in_progress',
    light: 'green',
    progress: [],
    completionNote: null,
    completedOn: null,
    evidence: [],
    closedOn: null,
    closedLate: null,
    opinion: null,
    supervision: [],
    remarks: null,
    ...overrides,
  };
}
