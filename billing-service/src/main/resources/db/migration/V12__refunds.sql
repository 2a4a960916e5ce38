-- What a credit paid back to the payer's payment method: a voided paid invoice's credit note, or an
-- invoice whose total is a credit (R-B10, R-B15 crediting charges an earlier invoice was paid for).
-- Never more than the payer paid and was not paid back.
alter table invoice add column refunded numeric(19, 2) not null default 0;
