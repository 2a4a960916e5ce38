-- R-E1, R-N2: an emergency reaches each partner once, naming its covered customers, so a delivery is
-- not always about one account.
alter table webhook_delivery alter column account_id drop not null;
