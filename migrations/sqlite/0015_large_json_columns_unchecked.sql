-- The JSON columns that hold a request body's graph, a trigger's payload or a node's input and
-- output lose their CHECK (json_valid(...)), and workflows.nodes loses its index. Both cost more
-- memory than everything else a save does: SQLite 3.40's json_valid builds a node per JSON value
-- (~5 times the text of a dense graph), and an index on a TEXT column copies the whole graph into
-- a second B-tree record. Saving a 864 KB graph of 4,900 nodes peaked at 7.7 times the graph in
-- SQLite alone; without them, 2.3 times.
-- - The host writes these columns only with JSON it serialised from a parsed document, so the
--   check could never fail; PostgreSQL's JSONB columns (tested on every run) still refuse
--   anything else.
-- - The plan's idx_workflows_nodes is a GIN index for JSONB containment (@>) on PostgreSQL. A
--   B-tree on the text cannot serve containment or the LIKE the SQLite search uses, so it only
--   cost space.
-- The small JSON columns (tags, metadata, permissions, ...) keep their checks.
--
-- SQLite cannot drop a CHECK with ALTER TABLE, and rebuilding workflows would need foreign keys
-- off (outside a transaction), since half the schema references it ON DELETE CASCADE. SQLite's
-- documented way to remove a CHECK instead is to edit the table's text in sqlite_schema under
-- writable_schema; the migration runner then bumps schema_version, so every open connection
-- reads the new definition.

DROP INDEX idx_workflows_nodes;

PRAGMA writable_schema = ON;

UPDATE sqlite_schema
   SET sql = replace(replace(replace(sql,
             ' CHECK (json_valid(nodes))', ''),
             ' CHECK (json_valid(connections))', ''),
             ' CHECK (json_valid(settings))', '')
 WHERE type = 'table' AND name IN ('workflows', 'workflow_versions');

UPDATE sqlite_schema
   SET sql = replace(sql, ' CHECK (json_valid(trigger_data))', '')
 WHERE type = 'table' AND name = 'workflow_executions';

UPDATE sqlite_schema
   SET sql = replace(replace(sql,
             ' CHECK (input_data IS NULL OR json_valid(input_data))', ''),
             ' CHECK (output_data IS NULL OR json_valid(output_data))', '')
 WHERE type = 'table' AND name = 'node_executions';

PRAGMA writable_schema = OFF;
