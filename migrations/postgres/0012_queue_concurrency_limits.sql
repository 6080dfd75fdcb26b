-- Concurrency limits per workflow (settings.concurrency_limit) and per workspace
-- (settings.max_concurrent_executions):
--   * the limits in force when an execution was queued travel with its queue row, so a claim
--     can honour them without reading two settings documents per candidate;
--   * rows with a limit are claimed on their own path (a serialised pass that counts what runs),
--     found through idx_queue_limited; rows without one keep the plain SKIP LOCKED claim;
--   * idx_queue_workflow counts the running executions of one workflow.
ALTER TABLE execution_queue ADD COLUMN workflow_id UUID;
ALTER TABLE execution_queue ADD COLUMN workflow_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE execution_queue ADD COLUMN workspace_limit INTEGER NOT NULL DEFAULT 0;

CREATE INDEX idx_queue_limited ON execution_queue(priority DESC, available_at)
    WHERE lease_owner IS NULL AND (workflow_limit > 0 OR workspace_limit > 0);
CREATE INDEX idx_queue_workflow ON execution_queue(workflow_id);
