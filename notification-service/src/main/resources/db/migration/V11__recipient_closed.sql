-- R-S7, R-S8 with R-T10: when an account closed (account-closed), so that it cannot ask for a
-- ticket report again; a closed account never reopens.
alter table recipient add column closed_at timestamptz;
