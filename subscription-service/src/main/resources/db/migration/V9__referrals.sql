-- R-B13: referral campaigns, members' links and the accounts that joined through them. The member is
-- credited once, a campaign percentage of the new account's average monthly fee in its first full
-- calendar month with a fee; lost if the member's account closed first.
create table referral_campaign (
    id          uuid primary key,
    name        varchar(200)  not null,
    percent     numeric(5, 2) not null check (percent > 0 and percent <= 100),
    starts_on   date          not null,
    ends_on     date          not null,
    created_by  varchar(200)  not null,
    created_at  timestamptz   not null,
    check (ends_on >= starts_on)
);

create table referral_link (
    code               varchar(16) primary key,
    campaign_id        uuid        not null references referral_campaign (id),
    member_account_id  uuid        not null references account (id),
    created_at         timestamptz not null,
    unique (campaign_id, member_account_id)
);

create table referral (
    referred_account_id  uuid primary key references account (id),
    member_account_id    uuid           not null references account (id),
    campaign_id          uuid           not null references referral_campaign (id),
    code                 varchar(16)    not null references referral_link (code),
    joined_on            date           not null,
    next_month           date           not null,
    status               varchar(20)    not null,
    credit               numeric(19, 2),
    currency             char(3),
    credited_month       date,
    settled_at           timestamptz
);
create index referral_member on referral (member_account_id);
