package org.supportdesk.billing.usage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** An account's rated usage in a month: each rated session with its lines, and the totals. */
@Path("/api/v1/accounts/{accountId}/usage")
public class UsageResource {

    public record LineView(String kind, LocalDate day, int minutes, int included, int billable, Money amount,
            String description) {
    }

    /** {@code seconds}: the time counted toward the ticket's minutes, to the millisecond (R-B1). */
    public record SessionView(UUID sessionId, UUID ticketId, UUID billToPartner, Instant startedAt, Instant endedAt,
            BigDecimal seconds, int minutes, int included, int minuteCreditUsed, Money cashCreditUsed, Money discount,
            Money payable, Money vat, List<LineView> lines) {
    }

    public record Totals(int minutes, int included, Money payable, Money vat) {
    }

    public record UsageView(UUID accountId, YearMonth month, List<SessionView> sessions, Totals totals) {
    }

    private final Caller caller;
    private final ZoneId zone;

    UsageResource(Caller caller, PlatformConfig config) {
        this.caller = caller;
        this.zone = config.zone();
    }

    @GET
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<UsageView> usage(@PathParam("accountId") UUID accountId,
            @QueryParam("month") @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month such as 2026-11") String month) {
        YearMonth ym = YearMonth.parse(month);
        Instant from = ym.atDay(1).atStartOfDay(zone).toInstant();
        Instant until = ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId).chain(account -> {
            if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return s.createSelectionQuery("from RatedSession where accountId = :account and endedAt >= :from "
                    + "and endedAt < :until order by endedAt, sessionId", RatedSession.class)
                    .setParameter("account", accountId).setParameter("from", from).setParameter("until", until)
                    .getResultList()
                    .chain(sessions -> s.createSelectionQuery("from RatedLine where sessionId in :ids order by sessionId, position",
                            RatedLine.class).setParameter("ids", sessions.isEmpty() ? List.of(new UUID(0, 0))
                                    : sessions.stream().map(r -> r.sessionId).toList())
                            .getResultList().map(lines -> view(accountId, ym, sessions, lines)));
        }));
    }

    private static UsageView view(UUID accountId, YearMonth month, List<RatedSession> sessions, List<RatedLine> lines) {
        Map<UUID, List<RatedLine>> bySession = lines.stream().collect(Collectors.groupingBy(l -> l.sessionId));
        String currency = sessions.isEmpty() ? "ILS" : sessions.getFirst().currency;
        List<SessionView> views = sessions.stream().map(r -> new SessionView(r.sessionId, r.ticketId, r.billToPartner,
                r.startedAt, r.endedAt, BigDecimal.valueOf(r.durationMillis, 3), r.minutes, r.included, r.minuteCreditUsed,
                Money.of(r.cashCreditUsed, r.currency), Money.of(r.discount, r.currency), Money.of(r.payable, r.currency),
                Money.of(r.vat, r.currency), bySession.getOrDefault(r.sessionId, List.of()).stream()
                        .map(l -> new LineView(l.kind, l.day, l.minutes, l.included, l.billable,
                                new Money(l.amount, r.currency), l.description))
                        .toList())).toList();
        BigDecimal payable = sessions.stream().map(r -> r.payable).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal vat = sessions.stream().map(r -> r.vat).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new UsageView(accountId, month, views, new Totals(sessions.stream().mapToInt(r -> r.minutes).sum(),
                sessions.stream().mapToInt(r -> r.included).sum(), new Money(payable.setScale(2), currency),
                new Money(vat.setScale(2), currency)));
    }
}
