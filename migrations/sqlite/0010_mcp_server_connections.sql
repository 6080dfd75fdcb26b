-- What the MCP servers API keeps beyond the plan's mcp_servers columns:
--   * url: the endpoint of an HTTP server (type http: Streamable HTTP; sse: the older HTTP+SSE).
--   * env (the plan's column) and headers hold {"NAME": {"ciphertext", "nonce", "key_version"}}:
--     each value sealed with the workspace's data key (host/secrets/), bound to its server and
--     name. Names are readable, values never leave the host.
--   * tools: the last tool list the server gave (with input schemas), so the palette and
--     workflow validation know a server's tools while it is not connected.
--   * status_error / last_seen_at: why the last connection failed, and when it last answered.
ALTER TABLE mcp_servers ADD COLUMN url TEXT;
ALTER TABLE mcp_servers ADD COLUMN headers TEXT DEFAULT '{}';
ALTER TABLE mcp_servers ADD COLUMN tools TEXT;
ALTER TABLE mcp_servers ADD COLUMN status_error TEXT;
ALTER TABLE mcp_servers ADD COLUMN last_seen_at TEXT;
