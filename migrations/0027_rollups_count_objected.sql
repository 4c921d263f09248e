-- 有异议 (objected) is an open item like 待签收: it still has a deadline to meet, and the ledger's lights count it.
-- The prepared dashboard counts now count it as open (and as overdue or near its deadline) too. Only the open set
-- changes; everything else is the functions of 0007 and 0009 as they were. Replacing a function drops its settings,
-- so the plan cache setting of 0010 is set again. The counts are then built afresh from the items at the next read.
CREATE OR REPLACE FUNCTION item_rollups_apply(p_path text[], p_category integer[], p_source text[], p_review bigint[], p_status text[],
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
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') THEN r.sign ELSE 0 END)::int AS open,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline < s.as_of THEN r.sign ELSE 0 END)::int AS overdue,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline >= s.as_of AND r.deadline <= s.as_of + s.yellow_days THEN r.sign ELSE 0 END)::int AS near,
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
CREATE OR REPLACE FUNCTION items_rollup_update_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE s item_rollup_state;
BEGIN
  -- Shared lock: a day advance (exclusive) never interleaves with a change counted under the old day.
  PERFORM pg_advisory_xact_lock_shared(74260001);
  SELECT * INTO s FROM item_rollup_state;
  -- Not built yet: the first read builds everything from the items.
  IF s.as_of IS NULL THEN RETURN NULL; END IF;
  INSERT INTO item_rollup_deltas (org_id, dim, key, n, total, open, overdue, near, closed, closed_on_time, closed_late, cancelled, issued, in_progress, closure_requested)
  SELECT * FROM (
    SELECT a.org_id, k.dim, k.key,
      sum(r.sign)::int AS n,
      sum(CASE WHEN r.status <> 'cancelled' THEN r.sign ELSE 0 END)::int AS total,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') THEN r.sign ELSE 0 END)::int AS open,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline < s.as_of THEN r.sign ELSE 0 END)::int AS overdue,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline >= s.as_of AND r.deadline <= s.as_of + s.yellow_days THEN r.sign ELSE 0 END)::int AS near,
      sum(CASE WHEN r.status = 'closed' THEN r.sign ELSE 0 END)::int AS closed,
      sum(CASE WHEN r.status = 'closed' AND NOT COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_on_time,
      sum(CASE WHEN r.status = 'closed' AND COALESCE(r.closed_late, false) THEN r.sign ELSE 0 END)::int AS closed_late,
      sum(CASE WHEN r.status = 'cancelled' THEN r.sign ELSE 0 END)::int AS cancelled,
      sum(CASE WHEN r.status = 'issued' THEN r.sign ELSE 0 END)::int AS issued,
      sum(CASE WHEN r.status = 'in_progress' THEN r.sign ELSE 0 END)::int AS in_progress,
      sum(CASE WHEN r.status = 'closure_requested' THEN r.sign ELSE 0 END)::int AS closure_requested
    -- Only rows whose counted columns changed: an edit of the text or a new version moves no figure.
    FROM (
      SELECT b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on, -1 AS sign
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on) IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on)
      UNION ALL
      SELECT a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on, 1
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on) IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on)
    ) r
    JOIN orgs o ON o.id = r.org_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(org_id)
    CROSS JOIN LATERAL (VALUES ('total', ''), ('category', COALESCE(r.category_id::text, '')), ('source', r.source),
      ('review', COALESCE(r.review_id::text, '')), ('issued_month', to_char(r.created_at AT TIME ZONE s.time_zone, 'YYYY-MM')),
      ('closed_month', CASE WHEN r.status = 'closed' THEN to_char(r.closed_on, 'YYYY-MM') END)) AS k(dim, key)
    WHERE k.key IS NOT NULL
    GROUP BY 1, 2, 3
  ) d
  WHERE n <> 0 OR total <> 0 OR open <> 0 OR overdue <> 0 OR near <> 0 OR closed <> 0 OR closed_on_time <> 0 OR closed_late <> 0 OR cancelled <> 0 OR issued <> 0 OR in_progress <> 0 OR closure_requested <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION item_rollups_rebuild(p_as_of date, p_yellow integer, p_time_zone text) RETURNS void
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
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') THEN r.sign ELSE 0 END)::int AS open,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline < s.as_of THEN r.sign ELSE 0 END)::int AS overdue,
      sum(CASE WHEN r.status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND r.deadline >= s.as_of AND r.deadline <= s.as_of + s.yellow_days THEN r.sign ELSE 0 END)::int AS near,
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
CREATE OR REPLACE FUNCTION item_rollups_advance(p_as_of date, p_yellow integer) RETURNS void
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
      WHERE i.status IN ('issued', 'objected', 'in_progress', 'closure_requested')
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
ALTER FUNCTION items_rollup_update_trigger() SET plan_cache_mode = auto;
--> statement-breakpoint
ALTER FUNCTION item_rollups_apply(text[], integer[], text[], bigint[], text[], boolean[], date[], timestamptz[], date[], integer[]) SET plan_cache_mode = auto;
--> statement-breakpoint
DELETE FROM item_rollup_deltas;
--> statement-breakpoint
DELETE FROM item_rollups;
--> statement-breakpoint
UPDATE item_rollup_state SET as_of = NULL;
