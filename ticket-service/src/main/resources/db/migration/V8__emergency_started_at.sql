-- R-E1: when an emergency's clocks paused: at its declaration, or at its start when it was declared
-- ahead (a due timer then). Openings and ends go by it, under a row lock, rather than by the clock.
-- Every emergency already here paused its tickets when it was declared.
alter table emergency add column started_at timestamptz;
update emergency set started_at = starts_at;
