-- R-S3: how an account pays, as the payment provider's reference (a token). Never a card number.
alter table account add column payment_method_ref varchar(100);
