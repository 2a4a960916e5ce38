-- R-S7: the invoice whose failed payment froze the account (no earlier debt unpaid): paying it lifts
-- the freeze (billing's invoice-paid). Null for freezes by ops, with notice, or over earlier debt.
alter table account_freeze add column invoice_id uuid;
