import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { defaultCategories } from '../src/demo/demo.seed.js';
import { hashPassword } from '../src/lib/password.js';

export const BENCH_PASSWORD = 'Bench@2026';

export interface DatasetOptions {
  items: number;
  orgs: number;
  /** The day the dataset is "today": deadlines and history spread over the 24 months before it. */
  today: string;
}

export interface Dataset {
  orgCount: number;
  leafOrgId: number;
  midOrgId: number;
  users: { supervisor: string; mid: string; leaf: string };
}

const phrases = [
  '理论学习不够系统深入，学用结合不紧密',
  '“三会一课”制度落实不到位，组织生活质量不高',
  '党建与业务融合不够，存在“两张皮”现象',
  '支部换届不及时，委员分工不明确',
  '发展党员程序不规范，材料不齐全',
  '党风廉政建设责任落实不够有力',
  '作风建设有待加强，服务群众意识不强',
  '党务干部队伍力量薄弱，业务能力不足',
  '活动载体创新不够，吸引力不强',
  '党建信息化平台使用不充分',
  '意识形态工作责任制落实不够到位',
  '基层党组织标准化规范化建设推进缓慢',
];

/** A tree of about `target` organizations in five levels (committee + four), built level by level. */
function buildTree(target: number) {
  const fanOut = Math.max(2, Math.round(Math.pow(target, 1 / 4)));
  const rows: { id: number; parentId: number | null; name: string; shortName: string; kind: string; path: string; depth: number }[] = [
    { id: 1, parentId: null, name: '基准测试工委', shortName: '工委', kind: 'committee', path: '/1/', depth: 0 },
  ];
  const kinds = ['party_committee', 'general_branch', 'branch', 'branch'];
  let level = [rows[0]];
  for (let depth = 1; depth <= 4 && rows.length < target; depth++) {
    const next: typeof rows = [];
    for (const parent of level) {
      for (let i = 1; i <= fanOut && rows.length < target; i++) {
        const id = rows.length + 1;
        const row = { id, parentId: parent.id, name: `${parent.name.slice(0, 40)}-${i}`, shortName: `O${id}`, kind: kinds[depth - 1], path: `${parent.path}${id}/`, depth };
        rows.push(row);
        next.push(row);
      }
    }
    level = next;
  }
  return rows;
}

/** Drops the secondary indexes of the bulk-loaded tables and returns their definitions, to rebuild after the load. */
async function dropIndexes(db: Db, tables: string[]) {
  const defs = (
    await db.execute<{ indexname: string; indexdef: string }>(sql`
      SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY(${sql.param(tables)})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`)
  ).rows;
  for (const d of defs) await db.execute(sql.raw(`DROP INDEX "${d.indexname}"`));
  return defs.map((d) => d.indexdef);
}

/**
 * Generates a realistic ledger with set-based SQL (no row-by-row inserts): organizations, users, items with
 * measures, about five history rows per item, evidence metadata, and a spread of statuses and deadlines.
 */
export async function generateDataset(db: Db, { items, orgs, today }: DatasetOptions, log: (msg: string) => void): Promise<Dataset> {
  const tree = buildTree(orgs);
  const started = Date.now();
  const step = (msg: string) => log(`  ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  for (let i = 0; i < tree.length; i += 10000) {
    const chunk = tree.slice(i, i + 10000);
    await db.execute(sql`
      INSERT INTO orgs (id, parent_id, name, short_name, kind, path, depth, sort_order)
      OVERRIDING SYSTEM VALUE
      SELECT * FROM unnest(${sql.param(chunk.map((o) => o.id))}::int[], ${sql.param(chunk.map((o) => o.parentId))}::int[], ${sql.param(chunk.map((o) => o.name))}::text[],
        ${sql.param(chunk.map((o) => o.shortName))}::text[], ${sql.param(chunk.map((o) => o.kind))}::text[], ${sql.param(chunk.map((o) => o.path))}::text[],
        ${sql.param(chunk.map((o) => o.depth))}::int[], ${sql.param(chunk.map(() => 0))}::int[])`);
  }
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT max(id) FROM orgs))`);
  step(`${tree.length} organizations`);

  const leaf = tree[tree.length - 1];
  const mid = tree.find((o) => o.depth === 1)!;
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.execute(sql`
    INSERT INTO users (username, display_name, password_hash, role, org_id) VALUES
      ('bench-supervisor', '基准督办', ${hash}, 'supervisor', 1),
      ('bench-mid', '基准中层', ${hash}, 'branch', ${mid.id}),
      ('bench-leaf', '基准支部', ${hash}, 'branch', ${leaf.id})`);
  await db.execute(sql`
    INSERT INTO categories (name, sort_order) SELECT name, ord::int FROM unnest(${sql.param(defaultCategories)}::text[]) WITH ORDINALITY AS c(name, ord)
    ON CONFLICT DO NOTHING`);

  const indexes = await dropIndexes(db, ['items', 'item_search', 'item_history', 'item_measures', 'evidence']);
  // The dashboard's counts are built once after the load (item_rollups_rebuild), not item by item while loading.
  const rollupTriggers = ['items_rollup_insert', 'items_rollup_update', 'items_rollup_delete'];
  for (const name of rollupTriggers) await db.execute(sql.raw(`ALTER TABLE items DISABLE TRIGGER ${name}`));
  await db.execute(sql`SELECT setseed(0.42)`);
  // Status by a random draw: 10 % issued, 35 % in progress, 8 % closure requested, 45 % closed, 2 % cancelled.
  await db.execute(sql`
    WITH g AS (
      SELECT n, random() AS r, random() AS r2, random() AS r3,
        ${today}::date - (random() * 730)::int AS created_on,
        2 + floor(random() * ${tree.length - 1})::int AS org_id,
        1 + floor(random() * ${phrases.length})::int AS phrase
      FROM generate_series(1, ${items}) AS n
    ), s AS (
      SELECT *, created_on + 30 + (r2 * 300)::int AS deadline,
        CASE WHEN r < 0.10 THEN 'issued' WHEN r < 0.45 THEN 'in_progress' WHEN r < 0.53 THEN 'closure_requested'
             WHEN r < 0.98 THEN 'closed' ELSE 'cancelled' END AS status
      FROM g
    )
    INSERT INTO items (code, org_id, committee_id, source, category_id, title, description, root_cause, responsible_leader,
      responsible_person, deadline, original_deadline, type, status, completion_note, completed_on, closed_at, closed_on, closed_late,
      search_text, evidence_count, version, created_by, updated_by, created_at, updated_at)
    OVERRIDING SYSTEM VALUE
    SELECT 'B-' || lpad(n::text, 7, '0'), org_id, 1,
      (ARRAY['review','self_inspection','mass_opinion','inspection','special_check','higher_feedback'])[1 + (n % 6)],
      1 + (n % ${defaultCategories.length}),
      (${sql.param(phrases)}::text[])[phrase], (${sql.param(phrases)}::text[])[phrase] || '，第' || n || '项。', '制度执行不严',
      '责任领导' || (n % 97), '责任人' || (n % 389), deadline, deadline,
      (ARRAY['immediate','deadline','deadline','long_term'])[1 + (n % 4)], status,
      CASE WHEN status IN ('closure_requested','closed') THEN '已整改完成' END,
      CASE WHEN status IN ('closure_requested','closed') THEN least(${today}::date, created_on + (r3 * 360)::int) END,
      CASE WHEN status = 'closed' THEN (least(${today}::date, created_on + (r3 * 360)::int) + 3)::timestamptz END,
      CASE WHEN status = 'closed' THEN least(${today}::date, created_on + (r3 * 360)::int) + 3 END,
      CASE WHEN status = 'closed' THEN least(${today}::date, created_on + (r3 * 360)::int) + 3 > deadline END,
      (${sql.param(phrases)}::text[])[phrase] || E'\\n' || '整改措施' || (n % 1000),
      CASE WHEN status IN ('closure_requested','closed') THEN 1 ELSE 0 END,
      1, 1, 1, created_on::timestamptz, created_on::timestamptz
    FROM s`);
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items))`);
  step(`${items} items`);

  await db.execute(sql`
    INSERT INTO item_measures (item_id, seq, content, responsible_person, deadline)
    SELECT i.id, m, '整改措施' || m || '：建立长效机制', i.responsible_person, i.deadline
    FROM items i CROSS JOIN LATERAL generate_series(1, 1 + (i.id % 2)::int) AS m`);
  step('measures');

  // About five rows per item, consistent with its status: created (with its deadline, as the app records it, so a
  // replay of the history finds each item's deadline), start, progress…, closure request, decision.
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment, data)
    SELECT i.id, i.created_at, 1, 'created', NULL, 'issued', NULL, jsonb_build_object('deadline', i.deadline) FROM items i`);
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment)
    SELECT i.id, i.created_at + interval '2 days', 3, 'start', 'issued', 'in_progress', NULL FROM items i WHERE i.status <> 'issued'`);
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment)
    SELECT i.id, i.created_at + make_interval(days => 3 + p * 7), 3, 'progress_added', NULL, NULL, '阶段性进展' || p
    FROM items i CROSS JOIN LATERAL generate_series(1, (i.id % 3)::int + 1) AS p WHERE i.status <> 'issued'`);
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment)
    SELECT i.id, i.completed_on::timestamptz, 3, 'request_closure', 'in_progress', 'closure_requested', i.completion_note
    FROM items i WHERE i.status IN ('closure_requested', 'closed')`);
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment, data)
    SELECT i.id, i.closed_at, 1, 'approve_closure', 'closure_requested', 'closed', '同意销号',
      jsonb_build_object('closedOn', i.closed_on, 'closedLate', i.closed_late)
    FROM items i WHERE i.status = 'closed'`);
  await db.execute(sql`
    INSERT INTO item_history (item_id, at, actor_id, action, from_status, to_status, comment)
    SELECT i.id, i.created_at + interval '20 days', 1, 'cancel', 'issued', 'cancelled', '重复录入' FROM items i WHERE i.status = 'cancelled'`);
  await db.execute(sql`
    UPDATE items i SET version = h.n FROM (SELECT item_id, count(*)::int AS n FROM item_history GROUP BY item_id) h WHERE h.item_id = i.id`);
  step('history');

  await db.execute(sql`
    INSERT INTO evidence (item_id, storage_key, file_name, mime, kind, size, sha256, uploaded_by, created_at)
    SELECT i.id, 'bench/' || i.id, '整改佐证材料' || i.id || '.pdf', 'application/pdf', 'pdf', 120000 + (i.id % 5000), md5(i.id::text) || md5(i.code), 3, i.completed_on::timestamptz
    FROM items i WHERE i.status IN ('closure_requested', 'closed')`);
  step('evidence');

  for (const def of indexes) await db.execute(sql.raw(def));
  step('indexes rebuilt');
  for (const name of rollupTriggers) await db.execute(sql.raw(`ALTER TABLE items ENABLE TRIGGER ${name}`));
  await db.execute(sql`SELECT item_rollups_rebuild(${today}::date, 7, 'Asia/Shanghai')`);
  step('dashboard counts built (item_rollups)');
  await db.execute(sql`ANALYZE`);
  step('analyzed');
  return { orgCount: tree.length, leafOrgId: leaf.id, midOrgId: mid.id, users: { supervisor: 'bench-supervisor', mid: 'bench-mid', leaf: 'bench-leaf' } };
}
