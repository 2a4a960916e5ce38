package org.supportdesk.subscription.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** R-P1: a customer account. */
@Entity
public class Account {

    public enum Status { ACTIVE, FROZEN, CLOSED }

    @Id
    public UUID id;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "contact_name")
    public String contactName;
    public String email;
    public String phone;
    @Column(name = "time_zone")
    public String timeZone;
    public String language;
    @Column(name = "partner_id")
    public UUID partnerId;
    /** The payment provider's reference; never a card number. */
    @Column(name = "payment_method_ref")
    public String paymentMethodRef;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "registered_at")
    public Instant registeredAt;
}
