-- R-L4: when the reported fault arose (optional): an urgent incident is critical only when its fault
-- arose the same day it was reported and is not older than 36 hours.
alter table ticket add column arisen_at timestamptz;
