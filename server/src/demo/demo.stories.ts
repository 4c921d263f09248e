import { sql } from 'drizzle-orm';
import type { ItemSource, ItemType } from '@rectify/shared';
import type { Db } from '../db/client.js';
import { searchTextOf } from '../modules/items/items.mapper.js';
import type { DemoEvidenceFile, StoredDemoEvidence } from './demo.evidence.js';

/** One step of an item's life, on a calendar day (the history row is written at that day's local office hours). */
export type StoryStep =
  | { on: string; action: 'approve_extension' | 'approve_closure' }
  /** `deadline`: the date a deadline counted from 签收 is counted to on the day of 签收. */
  | { on: string; action: 'start'; deadline?: string }
  | { on: string; action: 'progress' | 'request_closure' | 'reject_closure' | 'cancel'; comment: string }
  | { on: string; action: 'request_extension'; comment: string; newDeadline: string }
  | { on: string; action: 'evidence'; file: DemoEvidenceFile };

export interface StoryMeasure {
  content: string;
  responsiblePerson: string;
  deadline: string;
}

/** An item from issue to its current state, written with a history consistent with the workflow. */
export interface ItemStory {
  orgId: number;
  orgShortName: string;
  categoryId: number | null;
  reviewId?: number | null;
  source: ItemSource;
  type: ItemType;
  title: string;
  description: string;
  responsibleLeader?: string;
  responsiblePerson?: string;
  rootCause?: string;
  target?: string;
  measures?: StoryMeasure[];
  createdOn: string;
  deadline: string;
  steps: StoryStep[];
}

interface HistoryRow {
  n: number;
  code: string;
  local_at: string;
  actor_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  changes?: Record<string, { before: unknown; after: unknown }> | null;
}

type StoreEvidence = (file: DemoEvidenceFile, seed: number) => Promise<StoredDemoEvidence>;

/** The evidence steps' files, stored before the transaction (a store is not part of it), in story order. */
async function storeFiles(stories: ItemStory[], store: StoreEvidence | undefined) {
  const files: StoredDemoEvidence[] = [];
  if (!store) return files;
  for (const step of stories.flatMap((s) => s.steps)) if (step.action === 'evidence') files.push(await store(step.file, files.length + 1));
  return files;
}

/**
 * Plays each story through the workflow's rules and writes the items, their measures, evidence, history and progress
 * in a few set-based statements (jsonb_to_recordset), with history times on the stories' days. Codes come from the
 * same counters as real items, so items created later through the API continue the series. Evidence steps are
 * written only with `store` (the server's storage); without it they are left out.
 */
export async function writeItemStories(
  db: Db,
  { stories, supervisorId, clerkOf, timeZone, store }: { stories: ItemStory[]; supervisorId: number; clerkOf: (orgId: number) => number | null; timeZone: string; store?: StoreEvidence },
) {
  if (stories.length === 0) return { items: 0 };
  const files = await storeFiles(stories, store);
  return db.transaction(async (tx) => {
    // Reserve a block of codes per prefix in one upsert each.
    const prefixes = new Map<string, number>();
    for (const s of stories) prefixes.set(`${s.createdOn.slice(0, 4)}-${s.orgShortName}`, (prefixes.get(`${s.createdOn.slice(0, 4)}-${s.orgShortName}`) ?? 0) + 1);
    const next = new Map<string, number>();
    for (const [prefix, n] of prefixes) {
      const result = await tx.execute<{ last: number }>(sql`
        INSERT INTO item_code_counters (prefix, last) VALUES (${prefix}, ${n})
        ON CONFLICT (prefix) DO UPDATE SET last = item_code_counters.last + ${n} RETURNING last`);
      next.set(prefix, result.rows[0].last - n + 1);
    }

    const itemRows: Record<string, unknown>[] = [];
    const history: HistoryRow[] = [];
    const progress: { code: string; entry_date: string; content: string; created_by: number; local_at: string }[] = [];
    const measures: { code: string; seq: number; content: string; responsible_person: string; deadline: string }[] = [];
    const evidenceRows: Array<{ code: string; storage_key: string; thumbnail_key: string | null; file_name: string; mime: string; kind: string; size: number; sha256: string; uploaded_by: number; local_at: string }> = [];
    let fileIndex = 0;
    for (const story of stories) {
      const prefix = `${story.createdOn.slice(0, 4)}-${story.orgShortName}`;
      const seq = next.get(prefix)!;
      next.set(prefix, seq + 1);
      const code = `${prefix}-${String(seq).padStart(3, '0')}`;
      const clerk = clerkOf(story.orgId);
      let minute = 0;
      const at = (day: string) => `${day} ${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute++ % 60).padStart(2, '0')}`;
      const state = {
        status: 'issued',
        deadline: story.deadline,
        originalDeadline: story.deadline,
        extensionCount: 0,
        closureRequestedBy: null as number | null,
        completionNote: null as string | null,
        completedOn: null as string | null,
        closedOn: null as string | null,
        closedLate: null as boolean | null,
        pending: null as string | null,
        updatedAt: at(story.createdOn),
      };
      const push = (day: string, actor: number | null, action: string, to: string | null, comment: string | null, data: Record<string, unknown> | null, changes: HistoryRow['changes'] = null) => {
        const localAt = at(day);
        history.push({ n: history.length, code, local_at: localAt, actor_id: actor, action, from_status: to ? state.status : null, to_status: to, comment, data, changes });
        if (to) state.status = to;
        state.updatedAt = localAt;
      };
      history.push({ n: history.length, code, local_at: state.updatedAt, actor_id: supervisorId, action: 'created', from_status: null, to_status: 'issued', comment: null, data: { code, orgId: story.orgId, deadline: story.deadline } });
      for (const step of story.steps) {
        switch (step.action) {
          case 'start': {
            const moved = step.deadline && step.deadline !== state.deadline ? { deadline: { before: state.deadline, after: step.deadline } } : null;
            push(step.on, clerk, 'start', 'in_progress', null, null, moved);
            if (step.deadline) state.deadline = state.originalDeadline = step.deadline;
            break;
          }
          case 'progress':
            if (state.status === 'issued') push(step.on, clerk, 'start', 'in_progress', '记录整改进展，开始整改', null);
            progress.push({ code, entry_date: step.on, content: step.comment, created_by: clerk ?? supervisorId, local_at: at(step.on) });
            push(step.on, clerk, 'progress_added', null, step.comment, { entryDate: step.on, percent: null });
            break;
          case 'request_extension':
            state.pending = step.newDeadline;
            push(step.on, clerk, 'request_extension', state.status, step.comment, { deadline: state.deadline, requestedDeadline: step.newDeadline });
            break;
          case 'approve_extension':
            push(step.on, supervisorId, 'approve_extension', state.status, null, { deadlineBefore: state.deadline, deadlineAfter: state.pending, extensionCount: state.extensionCount + 1 });
            state.deadline = state.pending!;
            state.extensionCount += 1;
            state.pending = null;
            break;
          case 'request_closure':
            state.closureRequestedBy = clerk;
            state.completionNote = step.comment;
            state.completedOn = step.on;
            push(step.on, clerk, 'request_closure', 'closure_requested', step.comment, null);
            break;
          case 'reject_closure':
            state.closureRequestedBy = null;
            push(step.on, supervisorId, 'reject_closure', 'in_progress', step.comment, null);
            break;
          case 'approve_closure':
            state.closedOn = step.on;
            state.closedLate = step.on > state.deadline;
            push(step.on, supervisorId, 'approve_closure', 'closed', null, { closedOn: step.on, closedLate: state.closedLate });
            break;
          case 'cancel':
            push(step.on, supervisorId, 'cancel', 'cancelled', step.comment, null);
            break;
          case 'evidence': {
            const file = files[fileIndex++];
            if (!file) break;
            const localAt = at(step.on);
            evidenceRows.push({ code, storage_key: file.storageKey, thumbnail_key: file.thumbnailKey, file_name: file.fileName, mime: file.mime, kind: file.kind, size: file.size, sha256: file.sha256, uploaded_by: clerk ?? supervisorId, local_at: localAt });
            history.push({ n: history.length, code, local_at: localAt, actor_id: clerk, action: 'evidence_added', from_status: null, to_status: null, comment: null, data: { storageKey: file.storageKey, fileName: file.fileName, size: file.size, sha256: file.sha256 } });
            break;
          }
        }
      }
      for (const [i, m] of (story.measures ?? []).entries()) measures.push({ code, seq: i + 1, content: m.content, responsible_person: m.responsiblePerson, deadline: m.deadline });
      itemRows.push({
        code,
        org_id: story.orgId,
        source: story.source,
        category_id: story.categoryId,
        review_id: story.reviewId ?? null,
        title: story.title,
        description: story.description,
        responsible_leader: story.responsibleLeader ?? null,
        responsible_person: story.responsiblePerson ?? null,
        root_cause: story.rootCause ?? null,
        target: story.target ?? null,
        deadline: state.deadline,
        original_deadline: state.originalDeadline,
        extension_count: state.extensionCount,
        pending_extension_deadline: state.pending,
        extension_requested_by: state.pending ? clerk : null,
        type: story.type,
        status: state.status,
        closure_requested_by: state.closureRequestedBy,
        completion_note: state.completionNote,
        completed_on: state.completedOn,
        closed_on: state.closedOn,
        closed_late: state.closedLate,
        search_text: searchTextOf({ title: story.title, description: story.description, measures: story.measures ?? [] }),
        created_by: supervisorId,
        updated_by: supervisorId,
        created_local: `${story.createdOn} 09:00`,
        updated_local: state.updatedAt,
      });
    }

    const tz = timeZone;
    await tx.execute(sql`
      INSERT INTO items (code, org_id, committee_id, source, category_id, review_id, title, description, responsible_leader, responsible_person, root_cause, target, deadline,
        original_deadline, extension_count, pending_extension_deadline, pending_extension_reason, extension_requested_by, extension_requested_at, type, status,
        closure_requested_by, completion_note, completed_on, closed_at, closed_on, closed_late, search_text, created_by, updated_by, created_at, updated_at)
      SELECT x.code, x.org_id, split_part(o.path, '/', 2)::int, x.source, x.category_id, x.review_id, x.title, x.description, x.responsible_leader, x.responsible_person, x.root_cause, x.target, x.deadline,
        x.original_deadline, x.extension_count, x.pending_extension_deadline, CASE WHEN x.pending_extension_deadline IS NULL THEN NULL ELSE '工作量大，申请延期' END,
        x.extension_requested_by, CASE WHEN x.pending_extension_deadline IS NULL THEN NULL ELSE x.updated_local::timestamp AT TIME ZONE ${tz} END, x.type, x.status,
        x.closure_requested_by, x.completion_note, x.completed_on, CASE WHEN x.closed_on IS NULL THEN NULL ELSE x.updated_local::timestamp AT TIME ZONE ${tz} END, x.closed_on, x.closed_late,
        x.search_text, x.created_by, x.updated_by, x.created_local::timestamp AT TIME ZONE ${tz}, x.updated_local::timestamp AT TIME ZONE ${tz}
      FROM jsonb_to_recordset(${JSON.stringify(itemRows)}::jsonb) AS x(code text, org_id int, source text, category_id int, review_id bigint, title text, description text,
        responsible_leader text, responsible_person text, root_cause text, target text, deadline date, original_deadline date, extension_count smallint, pending_extension_deadline date,
        extension_requested_by int, type text, status text, closure_requested_by int, completion_note text, completed_on date, closed_on date, closed_late boolean,
        search_text text, created_by int, updated_by int, created_local text, updated_local text)
      JOIN orgs o ON o.id = x.org_id`);
    if (measures.length) {
      await tx.execute(sql`
        INSERT INTO item_measures (item_id, seq, content, responsible_person, deadline, status)
        SELECT i.id, x.seq, x.content, x.responsible_person, x.deadline,
          -- An item put up for closure has its measures done; one in progress, its measures under way.
          CASE WHEN i.status IN ('closure_requested', 'closed') THEN 'done' WHEN i.status = 'in_progress' THEN 'in_progress' ELSE 'not_started' END
        FROM jsonb_to_recordset(${JSON.stringify(measures)}::jsonb) AS x(code text, seq smallint, content text, responsible_person text, deadline date)
        JOIN items i ON i.code = x.code`);
    }
    if (evidenceRows.length) {
      const inserted = await tx.execute<{ id: number; storage_key: string }>(sql`
        INSERT INTO evidence (item_id, storage_key, thumbnail_key, file_name, mime, kind, size, sha256, uploaded_by, created_at)
        SELECT i.id, x.storage_key, x.thumbnail_key, x.file_name, x.mime, x.kind, x.size, x.sha256, x.uploaded_by, x.local_at::timestamp AT TIME ZONE ${timeZone}
        FROM jsonb_to_recordset(${JSON.stringify(evidenceRows)}::jsonb) AS x(code text, storage_key text, thumbnail_key text, file_name text, mime text, kind text, size bigint, sha256 text, uploaded_by int, local_at text)
        JOIN items i ON i.code = x.code
        RETURNING id, storage_key`);
      // The history names each file by its row, as an upload through the API does.
      const idOf = new Map(inserted.rows.map((r) => [r.storage_key, Number(r.id)]));
      for (const h of history) {
        if (h.action !== 'evidence_added' || !h.data) continue;
        const { storageKey, ...rest } = h.data;
        h.data = { evidenceId: idOf.get(storageKey as string), ...rest };
      }
      await tx.execute(sql`
        UPDATE items i SET evidence_count = c.n FROM (SELECT item_id, count(*)::int AS n FROM evidence GROUP BY item_id) c WHERE c.item_id = i.id`);
    }
    await tx.execute(sql`
      INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment, data, changes)
      SELECT i.id, x.local_at::timestamp AT TIME ZONE ${tz}, x.actor_id, x.action, x.from_status, x.to_status, x.comment, x.data, x.changes
      FROM jsonb_to_recordset(${JSON.stringify(history)}::jsonb) AS x(n int, code text, local_at text, actor_id int, action text, from_status text, to_status text, comment text, data jsonb, changes jsonb)
      JOIN items i ON i.code = x.code
      ORDER BY x.local_at, x.n`);
    if (progress.length) {
      await tx.execute(sql`
        INSERT INTO item_progress (item_id, entry_date, content, created_by, created_at)
        SELECT i.id, x.entry_date, x.content, x.created_by, x.local_at::timestamp AT TIME ZONE ${tz}
        FROM jsonb_to_recordset(${JSON.stringify(progress)}::jsonb) AS x(code text, entry_date date, content text, created_by int, local_at text)
        JOIN items i ON i.code = x.code`);
    }
    return { items: stories.length };
  });
}
