-- When a node waiting to retry (status pending after a transient failure) may run again. Kept
-- with the node, so an execution resumed after a crash or on another instance still waits out
-- the backoff instead of calling a failing service again at once.
ALTER TABLE node_executions ADD COLUMN retry_at TEXT;
