-- Workflow search without reading graphs: tags use the plan's GIN index on workflows.tags, and
-- names and descriptions get a GIN full-text index (the 'simple' configuration: no stemming, so
-- search behaves like SQLite's FTS5 on both databases). The SQLite file adds a tag table and an
-- FTS5 index instead. Versions gain the tags they had and a one-line summary of what changed.

CREATE INDEX idx_workflows_search ON workflows
    USING GIN (to_tsvector('simple', name || ' ' || coalesce(description, '')));

CREATE INDEX idx_workflows_workspace_updated ON workflows(workspace_id, updated_at);
CREATE INDEX idx_workflows_workspace_name ON workflows(workspace_id, name);

ALTER TABLE workflow_versions ADD COLUMN tags TEXT DEFAULT '[]';
ALTER TABLE workflow_versions ADD COLUMN change_summary TEXT;
