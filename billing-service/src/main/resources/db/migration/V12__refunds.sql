-- What a credit paid back to the payer's payment method (a voided paid invoice's credit note, or an
-- invoice whose total is a credit: R-B10, R-B15 crediting charges an earlier invoice was paid for),
-- never more than the payer paid and was not paid back; and the refunds tried, the provider's
-- idempotency key with the invoice, as payment_attempts is a charge's. A credit not paid back in full
-- stays ISSUED (owed) until a charge brings money to pay it from.
alter table invoice
    add column refunded        numeric(19, 2) not null default 0,
    add column refund_attempts integer        not null default 0;
-- The credits still owed, few: a batch of invoices issued reads which of its payers have any.
create index invoice_owed_credit on invoice (coalesce(account_id, partner_id))
    where status = 'ISSUED' and total < 0;
