package org.supportdesk.subscription.promotion;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.supportdesk.subscription.subscription.CommitmentPolicy;

/** R-B14: which joining promotion an account earns. Pure. */
public final class JoiningPromotionPolicy {

    private JoiningPromotionPolicy() {
    }

    /** A stay in a plan, from {@code startsOn} to the day before {@code endsOn} (null: ongoing). */
    public record Stay(UUID planId, LocalDate startsOn, LocalDate endsOn) {
    }

    /** A campaign the account is a candidate for; its value in money decides between several. */
    public record Candidate(UUID promotionId, Set<UUID> planIds, BigDecimal value) {
    }

    /** The day the qualifying month ends: one month of unfrozen days from joining. */
    public static LocalDate monthEnds(LocalDate joinedOn, List<CommitmentPolicy.Freeze> freezes, LocalDate today) {
        return CommitmentPolicy.oneMonthExcludingFreezes(joinedOn, freezes, today);
    }

    /**
     * Stayed in the campaign's plans (any of them) every day from joining until the month ended: no
     * stay in another plan inside the month, and still subscribed (not closed) when it ended.
     */
    public static boolean stayed(Set<UUID> planIds, List<Stay> stays, LocalDate joinedOn, LocalDate monthEnds) {
        List<Stay> inside = stays.stream()
                .filter(s -> s.startsOn().isBefore(monthEnds) && (s.endsOn() == null || s.endsOn().isAfter(joinedOn)))
                .toList();
        boolean coveredToTheEnd = inside.stream().anyMatch(s -> s.endsOn() == null || !s.endsOn().isBefore(monthEnds));
        boolean fromTheStart = inside.stream().anyMatch(s -> !s.startsOn().isAfter(joinedOn));
        return fromTheStart && coveredToTheEnd && inside.stream().allMatch(s -> planIds.contains(s.planId()));
    }

    /** One promotion per account: of those it qualified for, the most valuable. */
    public static Optional<Candidate> award(List<Candidate> qualified) {
        return qualified.stream().max(Comparator.comparing(Candidate::value)
                .thenComparing(c -> c.promotionId().toString()));
    }
}
