-- milotune schema, version 2: the phase of a study's work (docs/adr/0002-study-phases.md).
ALTER TABLE studies ADD COLUMN phase VARCHAR(16) DEFAULT 'SEARCHING' NOT NULL;
UPDATE studies SET phase = 'DONE' WHERE state IN ('COMPLETED', 'FAILED', 'CANCELLED');
UPDATE studies SET phase = 'RETRAINING'
    WHERE state = 'RUNNING' AND EXISTS (SELECT 1 FROM trials t WHERE t.study_id = studies.id AND t.purpose = 'RETRAIN');
