-- milotune schema, version 3: a report is identified by its natural key (trial, attempt, epoch),
-- which was already unique; without a generated id, a batch of reports is inserted as one JDBC batch.
ALTER TABLE trial_reports DROP COLUMN id;
ALTER TABLE trial_reports DROP CONSTRAINT trial_reports_natural_key;
ALTER TABLE trial_reports ADD CONSTRAINT trial_reports_pk PRIMARY KEY (trial_id, attempt, epoch);
