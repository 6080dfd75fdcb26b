-- Nothing to do on PostgreSQL: its JSONB columns of node_executions always accepted NULL. The
-- SQLite file of this number rebuilds the table because json_valid(NULL) was 0 before 3.45.
-- (Both dialects keep the same numbered files.)
SELECT 1;
