package org.supportdesk.subscription.partner;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

@ApplicationScoped
public class PartnerService {

    private final Outbox outbox;
    private final Clock clock;

    PartnerService(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Partner> register(PartnerRequest request) {
        Instant now = Instant.now(clock);
        Partner partner = new Partner();
        partner.id = TimeOrderedIds.next();
        partner.name = request.name().strip();
        partner.contactEmail = request.contactEmail().strip().toLowerCase();
        partner.discountPercent = request.discountPercent();
        partner.createdAt = now;
        partner.updatedAt = now;
        return Panache.getSession().chain(session -> session.persist(partner))
                .chain(() -> outbox.append(PartnerEvents.REGISTERED, partner.id.toString(), partner.id.toString(),
                        new PartnerEvents.PartnerRegistered(partner.id, partner.name, partner.discountPercent, now)))
                .replaceWith(partner);
    }

    /** R-B9: the discount may change or end (0) at any time; it applies from now on. */
    @WithTransaction
    public Uni<Partner> changeDiscount(UUID id, BigDecimal requested) {
        BigDecimal discountPercent = requested.setScale(2, java.math.RoundingMode.UNNECESSARY);
        // locked: two changes at once are told in the order they are made, each with the other's figure
        // as its previous one, so billing ends on the discount the partner has (R-B9)
        return Panache.getSession().chain(session -> session.find(Partner.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE))
                .chain(partner -> {
            if (partner == null) {
                throw ProblemException.notFound("Partner", id);
            }
            if (partner.discountPercent.compareTo(discountPercent) == 0) {
                return Uni.createFrom().item(partner); // no change, no event
            }
            Instant now = Instant.now(clock);
            BigDecimal previous = partner.discountPercent;
            partner.discountPercent = discountPercent;
            partner.updatedAt = now;
            return outbox.append(PartnerEvents.DISCOUNT_CHANGED, partner.id.toString(), partner.id.toString(),
                    new PartnerEvents.PartnerDiscountChanged(partner.id, previous, discountPercent, now))
                    .replaceWith(partner);
        });
    }

    /** The partner, if the caller is staff or that partner; otherwise "not found". */
    @WithSession
    public Uni<Partner> find(UUID id, Caller caller) {
        return Panache.getSession().chain(session -> session.find(Partner.class, id)).map(partner -> {
            if (partner == null || !mayActFor(id, caller)) {
                throw ProblemException.notFound("Partner", id);
            }
            return partner;
        });
    }

    /** Staff act for every partner; a partner for itself only (R-P2). */
    public static boolean mayActFor(UUID partnerId, Caller caller) {
        return caller.isStaff() || (caller.is(Roles.PARTNER) && caller.partnerId().map(partnerId::equals).orElse(false));
    }
}
