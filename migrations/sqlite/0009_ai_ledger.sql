-- The AI ledger and budgets. Every AI call made through the host is one analytics_metrics row
-- (metric_type 'ai_call', metric_value = its cost in USD, tokens and latency in dimensions);
-- the columns below make the budget sums (per workspace and month, per workflow and month, per
-- execution) index lookups instead of JSON scans, and keep the exact cost (metric_value is
-- DECIMAL(15,4) in the plan, too coarse for a cheap call).
ALTER TABLE analytics_metrics ADD COLUMN workspace_id TEXT;
ALTER TABLE analytics_metrics ADD COLUMN execution_id TEXT;
ALTER TABLE analytics_metrics ADD COLUMN cost_usd REAL;

CREATE INDEX idx_analytics_ai_workspace ON analytics_metrics(workspace_id, timestamp)
    WHERE metric_type = 'ai_call';
CREATE INDEX idx_analytics_ai_execution ON analytics_metrics(execution_id)
    WHERE metric_type = 'ai_call';

-- A workspace's own AI budgets, over the defaults of ai.budgets in the configuration. `scope`
-- says what one limit bounds: the workspace per calendar month (UTC), each workflow per month,
-- or each execution. 0 means no limit at that scope.
CREATE TABLE ai_budgets (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('workspace_monthly', 'workflow_monthly', 'execution')),
    limit_usd REAL NOT NULL CHECK (limit_usd >= 0),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (workspace_id, scope)
);
