-- item_rollup_deltas is a queue: every change appends rows and each fold deletes them all. Left to the default
-- autovacuum threshold (a fifth of the table) its dead rows pile up between vacuums, and the dashboard's reads of
-- the pending rows scan them. Vacuum it once a fold has deleted a few thousand rows instead.
ALTER TABLE item_rollup_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
