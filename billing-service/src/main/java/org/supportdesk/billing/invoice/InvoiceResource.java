package org.supportdesk.billing.invoice;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** Invoices as customers, partners and staff read them; admins void one with a credit note. */
@Path("/api/v1")
public class InvoiceResource {

    public record LineView(int position, String kind, String description, Integer quantity, Money amount, Money vat,
            UUID ticketId) {
    }

    public record InvoiceView(UUID id, String series, Long number, String kind, UUID accountId, UUID partnerId,
            LocalDate periodStart,
            LocalDate periodEnd, UUID ticketId, UUID corrects, Invoice.Status status, Money total, Money vat,
            Money refunded, int paymentAttempts, Instant issuedAt, Instant paidAt, Instant voidedAt, List<LineView> lines) {
    }

    public record VoidRequest(@NotBlank @Size(max = 200) String reason) {
    }

    public record RunProgress(YearMonth period, long scheduled, long failed, long invoiced) {
    }

    private final InvoiceService invoices;
    private final Caller caller;
    private final String sellerName;
    private final java.time.ZoneId zone;
    private final java.time.Clock clock;

    InvoiceResource(InvoiceService invoices, Caller caller, org.supportdesk.billing.wallet.BillingConfig config,
            org.supportdesk.platform.PlatformConfig platform, java.time.Clock clock) {
        this.invoices = invoices;
        this.caller = caller;
        this.sellerName = config.sellerName();
        this.zone = platform.zone();
        this.clock = clock;
    }

    @GET
    @Path("/accounts/{accountId}/invoices")
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<Page<InvoiceView>> list(@PathParam("accountId") UUID accountId, @QueryParam("page") @jakarta.ws.rs.DefaultValue("0") @jakarta.validation.constraints.Min(0)
            @jakarta.validation.constraints.Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @jakarta.ws.rs.DefaultValue("20") @jakarta.validation.constraints.Min(1)
            @jakarta.validation.constraints.Max(Page.MAX_SIZE) int size) {
        return visibleAccount(accountId).chain(account -> page("accountId = :a", java.util.Map.of("a", accountId), page, size));
    }

    /** A page of invoices, newest first, with how many there are in all (the REST convention's bound). */
    private Uni<Page<InvoiceView>> page(String where, java.util.Map<String, Object> parameters, int page, int size) {
        return Panache.getSession().chain(s -> {
            var items = s.createSelectionQuery("from Invoice where " + where + " order by createdAt desc, id", Invoice.class)
                    .setFirstResult(page * size).setMaxResults(size);
            var total = s.createSelectionQuery("select count(*) from Invoice where " + where, Long.class);
            parameters.forEach((name, value) -> {
                items.setParameter(name, value);
                total.setParameter(name, value);
            });
            return items.getResultList().chain(rows -> total.getSingleResult().map(count -> new Page<>(
                    rows.stream().map(i -> view(i, List.of())).toList(), page, size, count)));
        });
    }

    /** Invoices of an account (the caller may see), optionally of one period (YYYY-MM). */
    @GET
    @Path("/invoices")
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<Page<InvoiceView>> search(@QueryParam("accountId") @NotNull UUID accountId,
            @QueryParam("period") @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month such as 2026-11") String period,
            @QueryParam("page") @jakarta.ws.rs.DefaultValue("0") @jakarta.validation.constraints.Min(0)
            @jakarta.validation.constraints.Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @jakarta.ws.rs.DefaultValue("20") @jakarta.validation.constraints.Min(1)
            @jakarta.validation.constraints.Max(Page.MAX_SIZE) int size) {
        java.util.Map<String, Object> parameters = new java.util.HashMap<>(java.util.Map.of("a", accountId));
        if (period != null) {
            YearMonth month = YearMonth.parse(period);
            parameters.put("p", month.atDay(1));
            parameters.put("from", month.atDay(1).atStartOfDay(zone).toInstant());
            parameters.put("until", month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        }
        return visibleAccount(accountId).chain(account -> page("accountId = :a" + (period == null ? ""
                : " and (periodStart = :p or (periodStart is null and createdAt >= :from and createdAt < :until))"),
                parameters, page, size));
    }

    /** R-P2: a partner's invoices for the tickets it opened for its customers. */
    @GET
    @Path("/partners/{partnerId}/invoices")
    @WithSession
    @RolesAllowed({ Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<Page<InvoiceView>> partnerInvoices(@PathParam("partnerId") UUID partnerId, @QueryParam("page") @jakarta.ws.rs.DefaultValue("0") @jakarta.validation.constraints.Min(0)
            @jakarta.validation.constraints.Max(Page.MAX_PAGE) int page,
            @QueryParam("size") @jakarta.ws.rs.DefaultValue("20") @jakarta.validation.constraints.Min(1)
            @jakarta.validation.constraints.Max(Page.MAX_SIZE) int size) {
        if (!mayActForPartner(partnerId)) {
            throw ProblemException.notFound("Partner", partnerId);
        }
        return page("partnerId = :p", java.util.Map.of("p", partnerId), page, size);
    }

    private boolean mayActForPartner(UUID partnerId) {
        return caller.is(Roles.ADMIN) || caller.is(Roles.OPS)
                || (caller.is(Roles.PARTNER) && caller.partnerId().map(partnerId::equals).orElse(false));
    }

    @GET
    @Path("/invoices/{id}")
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<InvoiceView> get(@PathParam("id") UUID id) {
        return Panache.getSession().chain(s -> s.find(Invoice.class, id)
                .chain(invoice -> payerSeen(invoice, id).chain(account -> withLines(s, invoice))));
    }

    /**
     * The account that pays an invoice the caller may see (null: a partner's invoice); another
     * tenant's invoice, like a missing one, answers 404.
     */
    private Uni<BillingAccount> payerSeen(Invoice invoice, UUID id) {
        if (invoice == null || (invoice.accountId == null && !mayActForPartner(invoice.partnerId))) {
            throw ProblemException.notFound("Invoice", id);
        }
        return (invoice.accountId == null ? Uni.createFrom().<BillingAccount>nullItem() : visibleAccount(invoice.accountId))
                .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("Invoice", id));
    }

    /** The invoice as answered, with its lines. */
    private static Uni<InvoiceView> withLines(Mutiny.Session s, Invoice invoice) {
        return s.createSelectionQuery("from InvoiceLine where invoiceId = :id order by position", InvoiceLine.class)
                .setParameter("id", invoice.id).getResultList().map(lines -> view(invoice, lines));
    }

    /** The invoice document, by its file name. */
    @GET
    @Path("/invoices/{id}.pdf")
    @WithSession
    @jakarta.ws.rs.Produces("application/pdf")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<org.jboss.resteasy.reactive.RestResponse<byte[]>> pdfFile(@PathParam("id") UUID id) {
        return pdf(id);
    }

    /** The invoice document: a PDF with Hebrew and English labels. */
    @GET
    @Path("/invoices/{id}/pdf")
    @WithSession
    @jakarta.ws.rs.Produces("application/pdf")
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.OPS })
    public Uni<org.jboss.resteasy.reactive.RestResponse<byte[]>> pdf(@PathParam("id") UUID id) {
        return Panache.getSession().chain(s -> s.find(Invoice.class, id).chain(invoice -> {
            if (invoice != null && invoice.status == Invoice.Status.DRAFT) {
                throw ProblemException.notFound("Invoice", id);
            }
            return payerSeen(invoice, id)
                    .chain(account -> s.createSelectionQuery("from InvoiceLine where invoiceId = :id order by position",
                            InvoiceLine.class).setParameter("id", id).getResultList()
                            .chain(lines -> (invoice.corrects == null ? Uni.createFrom().<Invoice>nullItem()
                                    : s.find(Invoice.class, invoice.corrects))
                                    .map(corrected -> InvoiceDocument.render(new InvoiceDocument.Content(sellerName, invoice,
                                            lines, account == null ? "partner " + invoice.partnerId
                                                    : account.displayName == null ? account.accountId.toString()
                                                    : account.displayName,
                                            corrected == null ? null : corrected.number, zone)))))
                    .map(pdf -> org.jboss.resteasy.reactive.RestResponse.ResponseBuilder.ok(pdf, "application/pdf")
                            .header("Content-Disposition", "inline; filename=\"" + invoice.series.toLowerCase() + "-"
                                    + invoice.number + ".pdf\"").build());
        }));
    }

    /**
     * R-S7: the payer pays an issued invoice now, with the payment method it has (one just updated, say),
     * as the automatic retry would; answered as it stands afterwards: PAID, or still ISSUED when the
     * charge is declined (a {@code payment-failed} tells why). Paid, the freeze its failure caused is
     * lifted by subscription-service. A paid, void or credit invoice answers 409 {@code not-payable}; a
     * partner pays its own invoices, not its customers' (403 {@code not-the-payer}).
     */
    @POST
    @Path("/invoices/{id}/pay")
    @WithTransaction
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN, Roles.OPS })
    public Uni<InvoiceView> pay(@PathParam("id") UUID id) {
        return Panache.getSession().chain(s -> s.find(Invoice.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(invoice -> payerSeen(invoice, id)
                        .chain(account -> {
                            if (invoice.accountId != null && caller.is(Roles.PARTNER)) {
                                // R-P2: a partner sees its customers' invoices; it charges no customer's card
                                throw new ProblemException(403, "not-the-payer", "Not the payer",
                                        "Invoice " + id + " is paid by its customer's account, not by the partner");
                            }
                            if (invoice.status != Invoice.Status.ISSUED || !"INVOICE".equals(invoice.series)
                                    || invoice.total.signum() <= 0) {
                                throw ProblemException.conflict("not-payable", "Nothing to pay",
                                        "Invoice " + id + " is " + invoice.status + (invoice.total.signum() <= 0
                                                ? ", with nothing to pay" : "") + "; only an issued invoice is paid");
                            }
                            return invoices.payNow(id);
                        })
                        .chain(() -> withLines(s, invoice))));
    }

    /** An issued invoice is never edited: voiding it issues a credit note (answered). */
    @POST
    @Path("/invoices/{id}/void")
    @WithTransaction
    @RolesAllowed(Roles.ADMIN)
    public Uni<InvoiceView> voidInvoice(@PathParam("id") UUID id, @Valid @NotNull VoidRequest request) {
        return invoices.voidInvoice(id, request.reason().strip()).map(note -> view(note, List.of()));
    }

    public record RunRequest(@NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month such as 2026-11") String period) {
    }

    public record RunView(UUID id, YearMonth period, int accounts, String requestedBy, Instant requestedAt,
            RunProgress progress) {
    }

    /**
     * R-B11: runs a month now (after it ended): every account that was MONTHLY in it and has no
     * invoice for it yet gets its run due at once (the run's {@code accounts}); accounts already
     * invoiced for it are left as they are, without a run.
     */
    @POST
    @Path("/invoice-runs")
    @WithTransaction
    @RolesAllowed(Roles.ADMIN)
    public Uni<org.jboss.resteasy.reactive.RestResponse<RunView>> startRun(@Valid @NotNull RunRequest request) {
        YearMonth month = YearMonth.parse(request.period());
        Instant now = Instant.now(clock); // the service's clock, as the runs it schedules
        if (!month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().isBefore(now)) {
            throw ProblemException.unprocessable("month-not-ended", "Month not ended",
                    "The run of " + month + " can start once the month has ended").with("field", "period");
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select distinct st.account_id from subscription_stay st
                join plan_version p on p.plan_id = st.plan_id and p.version = st.plan_version
                where p.type = 'MONTHLY' and st.starts_on < :end and (st.ends_on is null or st.ends_on > :start)
                  and not exists (select 1 from invoice i where i.account_id = st.account_id and i.kind = 'MONTHLY'
                                  and i.period_start = :start)
                """, UUID.class).setParameter("start", NativeSelects.uncached(month.atDay(1)))
                        .setParameter("end", month.plusMonths(1).atDay(1))
                .getResultList()
                .chain(accounts -> invoices.runNow(accounts, month)
                        .chain(() -> {
                            InvoiceRun run = new InvoiceRun();
                            run.id = TimeOrderedIds.next();
                            run.periodStart = month.atDay(1);
                            run.accounts = accounts.size();
                            run.requestedBy = caller.name();
                            run.requestedAt = now;
                            return s.persist(run).replaceWith(run);
                        })))
                .chain(run -> progress(month).map(p -> org.jboss.resteasy.reactive.RestResponse.status(
                        org.jboss.resteasy.reactive.RestResponse.Status.ACCEPTED,
                        new RunView(run.id, month, run.accounts, run.requestedBy, run.requestedAt, p))));
    }

    @GET
    @Path("/invoice-runs/{id}")
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    public Uni<RunView> getRun(@PathParam("id") UUID id) {
        return Panache.getSession().chain(s -> s.find(InvoiceRun.class, id)).chain(run -> {
            if (run == null) {
                throw ProblemException.notFound("Invoice run", id);
            }
            YearMonth month = YearMonth.from(run.periodStart);
            return progress(month).map(p -> new RunView(run.id, month, run.accounts, run.requestedBy, run.requestedAt, p));
        });
    }

    /** R-B11: the run of a month: accounts still to run, runs that failed and were parked, invoices issued. */
    @GET
    @Path("/invoice-runs")
    @WithSession
    @RolesAllowed({ Roles.ADMIN, Roles.OPS })
    public Uni<RunProgress> run(@QueryParam("period") @NotNull
            @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month such as 2026-11") String period) {
        return progress(YearMonth.parse(period));
    }

    private Uni<RunProgress> progress(YearMonth month) {
        String subject = "%/" + month.atDay(1);
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select count(*) filter (where fired_at is null and failed_at is null),
                       count(*) filter (where failed_at is not null)
                from due_timer where kind = :kind and subject like :subject
                """, Object[].class).setParameter("kind", NativeSelects.uncached(InvoiceService.RUN_TIMER))
                        .setParameter("subject", subject)
                .getSingleResult()
                .chain(timers -> s.createSelectionQuery("select count(*) from Invoice where kind = 'MONTHLY' "
                        + "and periodStart = :p", Long.class).setParameter("p", month.atDay(1)).getSingleResult()
                        .map(invoiced -> new RunProgress(month, ((Number) timers[0]).longValue(),
                                ((Number) timers[1]).longValue(), invoiced))));
    }

    private Uni<BillingAccount> visibleAccount(UUID accountId) {
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId)).map(account -> {
            if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return account;
        });
    }

    private static InvoiceView view(Invoice i, List<InvoiceLine> lines) {
        return new InvoiceView(i.id, i.series, i.number, i.kind, i.accountId, i.partnerId, i.periodStart, i.periodEnd,
                i.ticketId,
                i.corrects, i.status, new Money(i.total, i.currency), new Money(i.vat, i.currency),
                new Money(i.refunded.setScale(2), i.currency), i.paymentAttempts,
                i.issuedAt, i.paidAt, i.voidedAt, lines.stream().map(l -> new LineView(l.position, l.kind, l.description,
                        l.quantity, new Money(l.amount, i.currency), new Money(l.vat, i.currency), l.ticketId)).toList());
    }
}
