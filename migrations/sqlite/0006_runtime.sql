-- What the durable runtime needs beyond the plan's execution tables:
--   * workflow_executions.workflow_version: the saved version an execution runs, fixed when it
--     is queued, so an edit while it waits or runs never changes what it does;
--   * workflow_executions.cancel_requested: a cancel reaches whichever instance holds the lease
--     (it watches this flag with its lease heartbeat);
--   * node_executions.scope: one row per node *and* loop pass ('' outside loops, '3' for item 3
--     of a foreach, '3/1' nested, 'i2' for pass 2 of a loop), unique with (execution, node), so
--     resuming finds each completed step exactly once;
--   * execution_logs: the structured log of an execution, one row per entry (an append is one
--     INSERT, not a rewrite of a growing JSON array).
-- start_time now means "started running": it is NULL while an execution waits in the queue.

ALTER TABLE workflow_executions ADD COLUMN workflow_version INTEGER;
ALTER TABLE workflow_executions ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;

ALTER TABLE node_executions ADD COLUMN scope TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX idx_node_executions_step ON node_executions(execution_id, node_id, scope);

CREATE INDEX idx_executions_workspace_created ON workflow_executions(workspace_id, created_at DESC);

CREATE TABLE execution_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    execution_id TEXT NOT NULL REFERENCES workflow_executions(id) ON DELETE CASCADE,
    logged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    level TEXT NOT NULL,  -- debug, info, warning, error
    node_id TEXT,
    message TEXT NOT NULL
);

CREATE INDEX idx_execution_logs_execution ON execution_logs(execution_id, id);
