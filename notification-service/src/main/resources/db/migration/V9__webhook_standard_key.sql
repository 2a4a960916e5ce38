-- R-N2: endpoints created from now on sign with the Standard Webhooks key (the secret's base64
-- decoded), which every reference library verifies; those created before keep signing with their
-- secret's text, as their partners verify it, and are never silently switched.
alter table webhook add column standard_key boolean not null default false;
