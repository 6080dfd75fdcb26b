-- Workspace API keys: long-lived bearer secrets for programs (the MCP endpoint /api/v1/mcp
-- takes them). The secret itself is shown once at creation and never stored: key_hash is its
-- SHA-256 in hex (the secret holds 256 random bits, so no salt or slow hash is needed), the
-- lookup key when a request presents it; key_prefix is its first characters, so people can
-- tell their keys apart. A key acts in its own workspace only, as an editor, and stops working
-- when revoked (revoked_at), past expires_at, or once created_by is no longer a member.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_used_at TEXT,
    expires_at TEXT,
    revoked_at TEXT
);

CREATE INDEX idx_api_keys_workspace_created ON api_keys(workspace_id, created_at);
