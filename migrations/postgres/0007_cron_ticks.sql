-- Cron triggers across instances (the SQLite file of this number says why each part exists):
-- one row per fired tick, whose primary key lets exactly one instance fire it.
CREATE TABLE cron_ticks (
    workflow_id UUID NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    tick_at TIMESTAMP NOT NULL,
    fired_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    PRIMARY KEY (workflow_id, node_id, tick_at)
);

CREATE INDEX idx_workflows_published ON workflows(workspace_id) WHERE status = 'published';
