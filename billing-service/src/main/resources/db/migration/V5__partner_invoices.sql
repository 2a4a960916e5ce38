-- R-P2: paid service on a partner-opened ticket is billed to the partner: one invoice per partner and
-- month, from its own run.
alter table invoice alter column account_id drop not null;
alter table invoice add column partner_id uuid;
alter table invoice add constraint invoice_billed_party check ((account_id is null) <> (partner_id is null));
create unique index invoice_partner_month on invoice (partner_id, period_start) where kind = 'PARTNER';
