-- Workspace secrets, encrypted at rest (the SQLite file of this number says why each part
-- exists): wrapped per-workspace data keys, and secret values sealed with AES-256-GCM whose
-- associated data binds each value to its row. Binary parts are base64 text on both databases.
CREATE TABLE workspace_keys (
    workspace_id UUID PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    master_key_id VARCHAR(64) NOT NULL,
    key_version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC')
);

CREATE INDEX idx_workspace_keys_master ON workspace_keys(master_key_id);

CREATE TABLE secrets (
    id UUID PRIMARY KEY,
    workspace_id UUID NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name VARCHAR(128) NOT NULL,
    description TEXT,
    ciphertext TEXT NOT NULL,
    nonce TEXT NOT NULL,
    key_version INTEGER NOT NULL DEFAULT 1,
    created_by UUID REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    updated_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
    UNIQUE (workspace_id, name)
);

CREATE INDEX idx_secrets_workspace_created ON secrets(workspace_id, created_at);
