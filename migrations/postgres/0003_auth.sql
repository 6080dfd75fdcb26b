-- What authentication needs beyond the plan's tables: OTP codes are stored as a keyed hash (hex,
-- wider than the plan's VARCHAR(6)) with a count of guesses; sessions can be revoked (logout,
-- refresh-token reuse) without deleting the row that proves it happened.

ALTER TABLE otp_codes ALTER COLUMN code TYPE VARCHAR(128);
ALTER TABLE otp_codes ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_otp_email_live ON otp_codes(email, created_at) WHERE used_at IS NULL;

ALTER TABLE sessions ADD COLUMN revoked_at TIMESTAMP;
ALTER TABLE sessions ADD COLUMN revoked_reason VARCHAR(50);
