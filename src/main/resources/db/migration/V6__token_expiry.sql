-- milotune schema, version 6: an API token may expire (null: it lasts until it is revoked).
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
