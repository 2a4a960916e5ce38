-- R-B6 with R-B10 and R-B15: what the wallet paid of a ticket's handling, so that a credit of those
-- charges (no fix, no pay; no fault found) goes back to the wallet, never out as money; of its minutes,
-- those the R-S9 minute bank paid go back to the bank.
alter table ticket_usage
    add column wallet_minutes integer        not null default 0,
    add column wallet_cash    numeric(19, 2) not null default 0,
    add column bank_minutes   integer        not null default 0;
