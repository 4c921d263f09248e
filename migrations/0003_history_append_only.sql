-- The item history is an accountability record: once written, no role the application uses may change or remove it.
CREATE OR REPLACE FUNCTION item_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'item_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER item_history_no_update_delete
  BEFORE UPDATE OR DELETE ON item_history
  FOR EACH ROW EXECUTE FUNCTION item_history_append_only();
--> statement-breakpoint
CREATE TRIGGER item_history_no_truncate
  BEFORE TRUNCATE ON item_history
  FOR EACH STATEMENT EXECUTE FUNCTION item_history_append_only();
