-- Dashboard figures kept ready: for every organization, the counts of the items in its subtree, per dimension
-- (total, category, source, review, month issued, month closed). Triggers on items and orgs append signed changes to
-- item_rollup_deltas inside the changing transaction, so the figures are right after every transition without
-- contention on shared rows; a job folds the deltas into item_rollups. Overdue and near-deadline counts are as of
-- item_rollup_state.as_of, moved forward by item_rollups_advance when the committee's day (or the yellow window)
-- changes. These tables are maintained by the database alone; the application only reads them.
CREATE TABLE item_rollup_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  as_of date,
  yellow_days integer NOT NULL DEFAULT 7,
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai'
);
--> statement-breakpoint
INSERT INTO item_rollup_state (id) VALUES (true);
--> statement-breakpoint
CREATE TABLE item_rollups (
  org_id integer NOT NULL,
  dim text NOT NULL,
  key text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  open integer NOT NULL DEFAULT 0,
  overdue integer NOT NULL DEFAULT 0,
  near integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  closed_on_time integer NOT NULL DEFAULT 0,
  closed_late integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  issued integer NOT NULL DEFAULT 0,
  in_progress integer NOT NULL DEFAULT 0,
  closure_requested integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, dim, key)
);
--> statement-breakpoint
CREATE TABLE item_rollup_deltas (
  id bigserial PRIMARY KEY,
  org_id integer NOT NULL,
  dim text NOT NULL,
  key text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  open integer NOT NULL DEFAULT 0,
  overdue integer NOT NULL DEFAULT 0,
  near integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  closed_on_time integer NOT NULL DEFAULT 0,
  closed_late integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  issued integer NOT NULL DEFAULT 0,
  in_progress integer NOT NULL DEFAULT 0,
  closure_requested integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE INDEX item_rollup_deltas_org_idx ON item_rollup_deltas (org_id, dim);
--> statement-breakpoint
-- Signed item rows (with their organization's path) → one delta per ancestor, dimension and key.
-- Shared advisory lock: a day advance (exclusive) never interleaves with a change counted under the old day.
CREATE FUNCTION item_rollups_apply(p_path text[], p_category integer[], p_source text[], p_review bigint[], p_status text[],
  p_closed_late boolean[], p_deadline date[], p_created timestamptz[], p_closed_on date[], p_sign integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE s item_rollup_state;
BEGIN
  IF p_path IS NULL OR cardinality(p_path) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock_shared(74260001);
  SELECT * INTO s FROM item_rollup_state;
  -- Not built yet: the first read builds everything from the items.
  IF s.as_of IS NULL THEN RETURN; END IF;
  INSERT INTO item_rollup_deltas (org_id, dim, key, n, total, open, overdue, near, closed, closed_on_time, closed_late, cancelled, issued, in_progress, closure_requested)
  SELECT * FROM (
    SELECT a.org_id, k.dim, k.key,
      sum(CASE WHEN true THEN r.sign ELSE 0 END)::int AS n,
      sum(CASE WHEN r.status <> 'cancelled' THEN r.sign ELSE 0 END)::int AS total,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') THEN r.sign ELSE 0 END)::int AS open,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') AND r.deadline < s.as_of THEN r.sign ELSE 0 END)::int AS overdue,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') AND r.deadline >= s.as_of AND r.deadline <= s.as_of + s.yellow_days THEN r.sign ELSE 0 END)::int AS near,
      sum(CASE WHEN r.status = 'closed' THEN r.sign ELSE 0 END)::int AS closed,
      sum(CASE WHEN r.status = 'closed' AND NOT COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_on_time,
      sum(CASE WHEN r.status = 'closed' AND COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_late,
      sum(CASE WHEN r.status = 'cancelled' THEN r.sign ELSE 0 END)::int AS cancelled,
      sum(CASE WHEN r.status = 'issued' THEN r.sign ELSE 0 END)::int AS issued,
      sum(CASE WHEN r.status = 'in_progress' THEN r.sign ELSE 0 END)::int AS in_progress,
      sum(CASE WHEN r.status = 'closure_requested' THEN r.sign ELSE 0 END)::int AS closure_requested
    FROM unnest(p_path, p_category, p_source, p_review, p_status, p_closed_late, p_deadline, p_created, p_closed_on, p_sign)
      AS r(path, category_id, source, review_id, status, closed_late, deadline, created_at, closed_on, sign)
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from r.path), '/')::int[]) AS a(org_id)
    CROSS JOIN LATERAL (VALUES ('total', ''), ('category', COALESCE(r.category_id::text, '')), ('source', r.source),
      ('review', COALESCE(r.review_id::text, '')), ('issued_month', to_char(r.created_at AT TIME ZONE s.time_zone, 'YYYY-MM')),
      ('closed_month', CASE WHEN r.status = 'closed' THEN to_char(r.closed_on, 'YYYY-MM') END)) AS k(dim, key)
    WHERE k.key IS NOT NULL
    GROUP BY 1, 2, 3
  ) d
  WHERE n <> 0 OR total <> 0 OR open <> 0 OR overdue <> 0 OR near <> 0 OR closed <> 0 OR closed_on_time <> 0 OR closed_late <> 0 OR cancelled <> 0 OR issued <> 0 OR in_progress <> 0 OR closure_requested <> 0;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION items_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM item_rollups_apply(array_agg(o.path), array_agg(c.category_id), array_agg(c.source), array_agg(c.review_id), array_agg(c.status),
      array_agg(c.closed_late), array_agg(c.deadline), array_agg(c.created_at), array_agg(c.closed_on), array_agg(1))
    FROM new_rows c JOIN orgs o ON o.id = c.org_id;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM item_rollups_apply(array_agg(o.path), array_agg(c.category_id), array_agg(c.source), array_agg(c.review_id), array_agg(c.status),
      array_agg(c.closed_late), array_agg(c.deadline), array_agg(c.created_at), array_agg(c.closed_on), array_agg(-1))
    FROM old_rows c JOIN orgs o ON o.id = c.org_id;
  ELSE
    -- Only rows whose counted columns changed: an edit of the text or a new version moves no figure.
    PERFORM item_rollups_apply(array_agg(o.path), array_agg(c.category_id), array_agg(c.source), array_agg(c.review_id), array_agg(c.status),
      array_agg(c.closed_late), array_agg(c.deadline), array_agg(c.created_at), array_agg(c.closed_on), array_agg(c.sign))
    FROM (
      SELECT b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on, -1 AS sign
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on) IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on)
      UNION ALL
      SELECT a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on, 1
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on) IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on)
    ) c JOIN orgs o ON o.id = c.org_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER items_rollup_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION items_rollup_trigger();
--> statement-breakpoint
CREATE TRIGGER items_rollup_update AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION items_rollup_trigger();
--> statement-breakpoint
CREATE TRIGGER items_rollup_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION items_rollup_trigger();
--> statement-breakpoint
-- A move in the tree: each moved organization's own items leave its old ancestors and join the new ones
-- (ancestors on both paths cancel out in the sums).
CREATE FUNCTION orgs_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM item_rollups_apply(array_agg(c.path), array_agg(c.category_id), array_agg(c.source), array_agg(c.review_id), array_agg(c.status),
    array_agg(c.closed_late), array_agg(c.deadline), array_agg(c.created_at), array_agg(c.closed_on), array_agg(c.sign))
  FROM (
    SELECT b.path, i.category_id, i.source, i.review_id, i.status, i.closed_late, i.deadline, i.created_at, i.closed_on, -1 AS sign
    FROM old_rows b JOIN new_rows a USING (id) JOIN items i ON i.org_id = b.id WHERE b.path <> a.path
    UNION ALL
    SELECT a.path, i.category_id, i.source, i.review_id, i.status, i.closed_late, i.deadline, i.created_at, i.closed_on, 1
    FROM old_rows b JOIN new_rows a USING (id) JOIN items i ON i.org_id = b.id WHERE b.path <> a.path
  ) c;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER orgs_rollup_move AFTER UPDATE ON orgs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION orgs_rollup_trigger();
--> statement-breakpoint
-- Folds the deltas into the totals. Safe beside running changes: it moves only the deltas its snapshot sees.
CREATE FUNCTION item_rollups_fold() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE moved integer;
BEGIN
  WITH taken AS (DELETE FROM item_rollup_deltas RETURNING *),
  summed AS (
    INSERT INTO item_rollups (org_id, dim, key, n, total, open, overdue, near, closed, closed_on_time, closed_late, cancelled, issued, in_progress, closure_requested)
    SELECT org_id, dim, key, sum(n)::int, sum(total)::int, sum(open)::int, sum(overdue)::int, sum(near)::int, sum(closed)::int, sum(closed_on_time)::int, sum(closed_late)::int, sum(cancelled)::int, sum(issued)::int, sum(in_progress)::int, sum(closure_requested)::int FROM taken GROUP BY org_id, dim, key
    ON CONFLICT (org_id, dim, key) DO UPDATE SET n = item_rollups.n + EXCLUDED.n, total = item_rollups.total + EXCLUDED.total, open = item_rollups.open + EXCLUDED.open, overdue = item_rollups.overdue + EXCLUDED.overdue, near = item_rollups.near + EXCLUDED.near, closed = item_rollups.closed + EXCLUDED.closed, closed_on_time = item_rollups.closed_on_time + EXCLUDED.closed_on_time, closed_late = item_rollups.closed_late + EXCLUDED.closed_late, cancelled = item_rollups.cancelled + EXCLUDED.cancelled, issued = item_rollups.issued + EXCLUDED.issued, in_progress = item_rollups.in_progress + EXCLUDED.in_progress, closure_requested = item_rollups.closure_requested + EXCLUDED.closure_requested
    RETURNING 1
  )
  SELECT count(*) INTO moved FROM taken;
  DELETE FROM item_rollups WHERE n = 0;
  RETURN moved;
END;
$$;
--> statement-breakpoint
-- Counts everything again from the items, for a day and a yellow window (after a restore, or when first used).
CREATE FUNCTION item_rollups_rebuild(p_as_of date, p_yellow integer, p_time_zone text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE current_state item_rollup_state;
BEGIN
  PERFORM pg_advisory_xact_lock(74260001);
  -- Several readers may ask at once; the first builds, the others find it done.
  SELECT * INTO current_state FROM item_rollup_state;
  IF current_state.as_of = p_as_of AND current_state.yellow_days = p_yellow AND current_state.time_zone = p_time_zone THEN RETURN; END IF;
  DELETE FROM item_rollup_deltas;
  DELETE FROM item_rollups;
  UPDATE item_rollup_state SET as_of = p_as_of, yellow_days = p_yellow, time_zone = p_time_zone;
  -- First per organization, then up the tree: the ancestors multiply organizations' rows, not items'.
  INSERT INTO item_rollups (org_id, dim, key, n, total, open, overdue, near, closed, closed_on_time, closed_late, cancelled, issued, in_progress, closure_requested)
  WITH own AS (
    SELECT r.org_id, k.dim, k.key,
      sum(CASE WHEN true THEN r.sign ELSE 0 END)::int AS n,
      sum(CASE WHEN r.status <> 'cancelled' THEN r.sign ELSE 0 END)::int AS total,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') THEN r.sign ELSE 0 END)::int AS open,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') AND r.deadline < s.as_of THEN r.sign ELSE 0 END)::int AS overdue,
      sum(CASE WHEN r.status IN ('issued', 'in_progress', 'closure_requested') AND r.deadline >= s.as_of AND r.deadline <= s.as_of + s.yellow_days THEN r.sign ELSE 0 END)::int AS near,
      sum(CASE WHEN r.status = 'closed' THEN r.sign ELSE 0 END)::int AS closed,
      sum(CASE WHEN r.status = 'closed' AND NOT COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_on_time,
      sum(CASE WHEN r.status = 'closed' AND COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_late,
      sum(CASE WHEN r.status = 'cancelled' THEN r.sign ELSE 0 END)::int AS cancelled,
      sum(CASE WHEN r.status = 'issued' THEN r.sign ELSE 0 END)::int AS issued,
      sum(CASE WHEN r.status = 'in_progress' THEN r.sign ELSE 0 END)::int AS in_progress,
      sum(CASE WHEN r.status = 'closure_requested' THEN r.sign ELSE 0 END)::int AS closure_requested
    FROM (SELECT i.org_id, i.category_id, i.source, i.review_id, i.status, i.closed_late, i.deadline, i.created_at, i.closed_on, 1 AS sign FROM items i) r
    CROSS JOIN item_rollup_state s
    CROSS JOIN LATERAL (VALUES ('total', ''), ('category', COALESCE(r.category_id::text, '')), ('source', r.source),
      ('review', COALESCE(r.review_id::text, '')), ('issued_month', to_char(r.created_at AT TIME ZONE s.time_zone, 'YYYY-MM')),
      ('closed_month', CASE WHEN r.status = 'closed' THEN to_char(r.closed_on, 'YYYY-MM') END)) AS k(dim, key)
    WHERE k.key IS NOT NULL
    GROUP BY 1, 2, 3
  )
  SELECT a.org_id, own.dim, own.key, sum(own.n)::int, sum(own.total)::int, sum(own.open)::int, sum(own.overdue)::int, sum(own.near)::int, sum(own.closed)::int, sum(own.closed_on_time)::int, sum(own.closed_late)::int, sum(own.cancelled)::int, sum(own.issued)::int, sum(own.in_progress)::int, sum(own.closure_requested)::int
  FROM own JOIN orgs o ON o.id = own.org_id
  CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(org_id)
  GROUP BY 1, 2, 3;
END;
$$;
--> statement-breakpoint
-- Moves the overdue and near-deadline counts to another day or yellow window: only open items whose light differs
-- between the two are touched (deadlines between the earlier day and the later window's end).
CREATE FUNCTION item_rollups_advance(p_as_of date, p_yellow integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE s item_rollup_state;
BEGIN
  PERFORM pg_advisory_xact_lock(74260001);
  SELECT * INTO s FROM item_rollup_state;
  IF s.as_of IS NULL OR (s.as_of = p_as_of AND s.yellow_days = p_yellow) THEN RETURN; END IF;
  INSERT INTO item_rollup_deltas (org_id, dim, key, overdue, near)
  SELECT * FROM (
    SELECT a.org_id, k.dim, k.key, sum(r.now_overdue - r.was_overdue)::int AS overdue, sum(r.now_near - r.was_near)::int AS near
    FROM (
      SELECT o.path, i.category_id, i.source, i.review_id,
        (i.deadline < s.as_of)::int AS was_overdue, (i.deadline >= s.as_of AND i.deadline <= s.as_of + s.yellow_days)::int AS was_near,
        (i.deadline < p_as_of)::int AS now_overdue, (i.deadline >= p_as_of AND i.deadline <= p_as_of + p_yellow)::int AS now_near
      FROM items i JOIN orgs o ON o.id = i.org_id
      WHERE i.status IN ('issued', 'in_progress', 'closure_requested')
        AND i.deadline >= LEAST(s.as_of, p_as_of) AND i.deadline <= GREATEST(s.as_of + s.yellow_days, p_as_of + p_yellow)
    ) r
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from r.path), '/')::int[]) AS a(org_id)
    CROSS JOIN LATERAL (VALUES ('total', ''), ('category', COALESCE(r.category_id::text, '')), ('source', r.source),
      ('review', COALESCE(r.review_id::text, ''))) AS k(dim, key)
    WHERE r.was_overdue <> r.now_overdue OR r.was_near <> r.now_near
    GROUP BY 1, 2, 3
  ) d
  WHERE overdue <> 0 OR near <> 0;
  UPDATE item_rollup_state SET as_of = p_as_of, yellow_days = p_yellow;
END;
$$;
--> statement-breakpoint
-- The committee's ledger in deadline order: a whole-committee page walks this index and stops after one page.
CREATE INDEX "items_committee_deadline_idx" ON "items" USING btree ("committee_id","deadline","id");
