-- milotune schema, version 4: API tokens (only a SHA-256 hash of each secret is stored) and the
-- owner of each study (the token that submitted it).
CREATE TABLE api_tokens (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    token_hash  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_hash UNIQUE (token_hash)
);

CREATE TABLE study_owners (
    study_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_id    VARCHAR(36)  NOT NULL,
    token_name  VARCHAR(100) NOT NULL
);
