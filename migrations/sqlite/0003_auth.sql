-- What authentication needs beyond the plan's tables: OTP codes are stored as a keyed hash (hex;
-- SQLite's TEXT needs no widening) with a count of guesses; sessions can be revoked (logout,
-- refresh-token reuse) without deleting the row that proves it happened.

ALTER TABLE otp_codes ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_otp_email_live ON otp_codes(email, created_at) WHERE used_at IS NULL;

ALTER TABLE sessions ADD COLUMN revoked_at TEXT;
ALTER TABLE sessions ADD COLUMN revoked_reason TEXT;
