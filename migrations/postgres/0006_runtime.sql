-- What the durable runtime needs beyond the plan's execution tables (the SQLite file of this
-- number says why each column exists). start_time now means "started running": it is NULL
-- while an execution waits in the queue.

ALTER TABLE workflow_executions ADD COLUMN workflow_version INTEGER;
ALTER TABLE workflow_executions ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE node_executions ADD COLUMN scope TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX idx_node_executions_step ON node_executions(execution_id, node_id, scope);

CREATE INDEX idx_executions_workspace_created ON workflow_executions(workspace_id, created_at DESC);

CREATE TABLE execution_logs (
    id BIGSERIAL PRIMARY KEY,
    execution_id UUID NOT NULL REFERENCES workflow_executions(id) ON DELETE CASCADE,
    logged_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    level VARCHAR(16) NOT NULL,
    node_id TEXT,
    message TEXT NOT NULL
);

CREATE INDEX idx_execution_logs_execution ON execution_logs(execution_id, id);
