-- The dashboard counts' update trigger compares a changed deadline by what it counts for (overdue, near, neither)
-- instead of by its date.
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
    -- Only rows whose counted columns changed: an edit of the text or a new version moves no figure, nor does a
    -- deadline that stays on the same side of today and of the near window's end (a saved year's calendar moves
    -- tens of thousands of deadlines by a day or two, nearly all of them months ahead).
    FROM (
      SELECT b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, b.deadline, b.created_at, b.closed_on, -1 AS sign
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, CASE WHEN b.deadline < s.as_of THEN 0 WHEN b.deadline <= s.as_of + s.yellow_days THEN 1 ELSE 2 END, b.created_at, b.closed_on)
        IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, CASE WHEN a.deadline < s.as_of THEN 0 WHEN a.deadline <= s.as_of + s.yellow_days THEN 1 ELSE 2 END, a.created_at, a.closed_on)
      UNION ALL
      SELECT a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, a.deadline, a.created_at, a.closed_on, 1
      FROM old_rows b JOIN new_rows a USING (id)
      WHERE (b.org_id, b.category_id, b.source, b.review_id, b.status, b.closed_late, CASE WHEN b.deadline < s.as_of THEN 0 WHEN b.deadline <= s.as_of + s.yellow_days THEN 1 ELSE 2 END, b.created_at, b.closed_on)
        IS DISTINCT FROM (a.org_id, a.category_id, a.source, a.review_id, a.status, a.closed_late, CASE WHEN a.deadline < s.as_of THEN 0 WHEN a.deadline <= s.as_of + s.yellow_days THEN 1 ELSE 2 END, a.created_at, a.closed_on)
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
ALTER FUNCTION items_rollup_update_trigger() SET plan_cache_mode = auto;
