-- What the durable runtime adds to the plan's schema: the saved history of every workflow
-- (each save bumps workflows.version and keeps the previous one here) and the execution queue
-- that workers claim with a lease.

CREATE TABLE workflow_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    workspace_id UUID NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT,
    nodes JSONB NOT NULL DEFAULT '[]',
    connections JSONB NOT NULL DEFAULT '[]',
    settings JSONB DEFAULT '{}',
    -- History outlives its author: deleting a user keeps the versions they saved.
    created_by UUID REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC'),
    UNIQUE(workflow_id, version)
);

CREATE INDEX idx_workflow_versions_workspace ON workflow_versions(workspace_id);

-- One row per execution that still has work to do; the row goes when the execution ends.
-- A worker claims rows with
--   SELECT ... FROM execution_queue
--   WHERE (lease_owner IS NULL AND available_at <= now) OR lease_expires_at < now
--   ORDER BY priority DESC, available_at LIMIT n FOR UPDATE SKIP LOCKED
-- and sets lease_owner/lease_expires_at; the two partial indexes below serve the two halves.
CREATE TABLE execution_queue (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    execution_id UUID NOT NULL UNIQUE REFERENCES workflow_executions(id) ON DELETE CASCADE,
    workspace_id UUID NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    priority INTEGER NOT NULL DEFAULT 0,
    available_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    lease_owner TEXT,
    lease_expires_at TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP DEFAULT (NOW() AT TIME ZONE 'UTC')
);

CREATE INDEX idx_queue_available ON execution_queue(priority DESC, available_at)
    WHERE lease_owner IS NULL;
CREATE INDEX idx_queue_lease_expires ON execution_queue(lease_expires_at)
    WHERE lease_owner IS NOT NULL;
CREATE INDEX idx_queue_workspace ON execution_queue(workspace_id);
