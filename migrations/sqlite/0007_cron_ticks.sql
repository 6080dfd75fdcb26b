-- Cron triggers across instances:
--   * cron_ticks: one row per fired tick of a core.trigger.cron node. Every instance's
--     scheduler evaluates every tick and tries to INSERT its row; the primary key lets exactly
--     one succeed, and only that one starts the execution. The same statement works on SQLite
--     and PostgreSQL, with no advisory lock. The latest row of a trigger also tells a restarted
--     fleet which ticks it missed (the trigger's catch_up policy).
--   * idx_workflows_published: the schedulers and event triggers look up published workflows
--     every scan; a partial index keeps that lookup off drafts and archived workflows.
CREATE TABLE cron_ticks (
    workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    tick_at TEXT NOT NULL,
    fired_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (workflow_id, node_id, tick_at)
);

CREATE INDEX idx_workflows_published ON workflows(workspace_id) WHERE status = 'published';
