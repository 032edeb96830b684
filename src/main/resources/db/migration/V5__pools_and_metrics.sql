-- Worker pools (a worker announces the pool whose tasks it reads) and the metrics map of epoch
-- reports (external workers name their own metrics; stored as a JSON object).
ALTER TABLE workers ADD COLUMN pool VARCHAR(40) DEFAULT 'builtin' NOT NULL;
ALTER TABLE trial_reports ADD COLUMN metrics VARCHAR(8000);
