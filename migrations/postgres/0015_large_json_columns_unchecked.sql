-- Nothing to do on PostgreSQL: its JSONB columns refuse invalid JSON by their type, and its
-- idx_workflows_nodes is the plan's GIN index, which serves containment queries (@>). The SQLite
-- file of this number drops the json_valid checks and the text index that cost a save several
-- times its graph in memory. (Both dialects keep the same numbered files.)
SELECT 1;
