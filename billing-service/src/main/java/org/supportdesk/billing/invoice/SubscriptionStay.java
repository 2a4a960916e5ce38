package org.supportdesk.billing.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.UUID;

/** R-B11: an account's stay in a plan version, from subscription-changed. */
@Entity
@Table(name = "subscription_stay")
public class SubscriptionStay {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "plan_version")
    public int planVersion;
    @Column(name = "starts_on")
    public LocalDate startsOn;
    @Column(name = "ends_on")
    public LocalDate endsOn;
}
