-- node_executions' JSON columns are nullable (no input yet, no output yet), but SQLite before
-- 3.45 answers json_valid(NULL) with 0, so CHECK (json_valid(x)) refused every NULL: the
-- runtime could not record a running node. SQLite cannot alter a CHECK, so the table is
-- rebuilt (nothing references node_executions) with CHECK (x IS NULL OR json_valid(x)).

CREATE TABLE node_executions_rebuilt (
    id TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL REFERENCES workflow_executions(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    agent_id TEXT REFERENCES agents(id),
    status TEXT DEFAULT 'pending',
    input_data TEXT CHECK (input_data IS NULL OR json_valid(input_data)),
    output_data TEXT CHECK (output_data IS NULL OR json_valid(output_data)),
    start_time TEXT,
    end_time TEXT,
    duration_ms INTEGER,
    error_message TEXT,
    retry_count INTEGER DEFAULT 0,
    metadata TEXT DEFAULT '{}' CHECK (metadata IS NULL OR json_valid(metadata)),
    created_at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT INTO node_executions_rebuilt SELECT * FROM node_executions;
DROP TABLE node_executions;
ALTER TABLE node_executions_rebuilt RENAME TO node_executions;

CREATE INDEX idx_node_executions_execution ON node_executions(execution_id);
CREATE INDEX idx_node_executions_node ON node_executions(node_id);
CREATE INDEX idx_node_executions_status ON node_executions(status);
