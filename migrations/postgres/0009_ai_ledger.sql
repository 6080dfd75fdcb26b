-- The AI ledger and budgets (the SQLite file of this number says why each part exists).
ALTER TABLE analytics_metrics ADD COLUMN workspace_id UUID;
ALTER TABLE analytics_metrics ADD COLUMN execution_id UUID;
ALTER TABLE analytics_metrics ADD COLUMN cost_usd DOUBLE PRECISION;

CREATE INDEX idx_analytics_ai_workspace ON analytics_metrics(workspace_id, timestamp)
    WHERE metric_type = 'ai_call';
CREATE INDEX idx_analytics_ai_execution ON analytics_metrics(execution_id)
    WHERE metric_type = 'ai_call';

CREATE TABLE ai_budgets (
    workspace_id UUID NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    scope VARCHAR(32) NOT NULL CHECK (scope IN ('workspace_monthly', 'workflow_monthly', 'execution')),
    limit_usd DOUBLE PRECISION NOT NULL CHECK (limit_usd >= 0),
    updated_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    PRIMARY KEY (workspace_id, scope)
);
