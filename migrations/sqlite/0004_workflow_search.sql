-- Workflow search without reading graphs: a tag table and a full-text index of names and
-- descriptions, kept by WorkflowRepository in the transaction that writes the workflow (no
-- triggers: the migration runner splits statements at semicolons). Versions gain the tags they
-- had and a one-line summary of what changed.

CREATE TABLE workflow_tags (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (workflow_id, tag)
);

CREATE INDEX idx_workflow_tags_tag ON workflow_tags(tag, workspace_id);

-- rowid = workflows.rowid of the workflow it indexes.
CREATE VIRTUAL TABLE workflow_search USING fts5(name, description);

CREATE INDEX idx_workflows_workspace_updated ON workflows(workspace_id, updated_at);
CREATE INDEX idx_workflows_workspace_name ON workflows(workspace_id, name);

ALTER TABLE workflow_versions ADD COLUMN tags TEXT DEFAULT '[]';
ALTER TABLE workflow_versions ADD COLUMN change_summary TEXT;
