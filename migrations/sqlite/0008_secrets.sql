-- Workspace secrets, encrypted at rest (AES-256-GCM, host/secrets/):
--   * workspace_keys: one random 256-bit data key per workspace, stored only wrapped
--     (encrypted) by the operator's master key, which never enters the database.
--     master_key_id is a fingerprint of the master key that wrapped it, so a host started with
--     another key says so instead of failing on every secret; rotate-master-key rewrites it.
--   * secrets: one value per (workspace, name), encrypted by the workspace's data key with the
--     row's id, workspace and name as associated data, so a row moved or copied onto another
--     is refused. ciphertext holds the sealed value followed by its 16-byte GCM tag; both it and
--     the nonce are base64 text so the same statements work on SQLite and PostgreSQL.
--     key_version names the data key generation that sealed the row.
CREATE TABLE workspace_keys (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    wrapped_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    master_key_id TEXT NOT NULL,
    key_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_workspace_keys_master ON workspace_keys(master_key_id);

CREATE TABLE secrets (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    ciphertext TEXT NOT NULL,
    nonce TEXT NOT NULL,
    key_version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (workspace_id, name)
);

CREATE INDEX idx_secrets_workspace_created ON secrets(workspace_id, created_at);
