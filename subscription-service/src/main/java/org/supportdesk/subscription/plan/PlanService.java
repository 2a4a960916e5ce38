package org.supportdesk.subscription.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;

@ApplicationScoped
public class PlanService {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final VatConfig vat;
    private final Clock clock;

    PlanService(Outbox outbox, ObjectMapper json, VatConfig vat, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.vat = vat;
        this.clock = clock;
    }

    /** Publishes a new plan as version 1. */
    @WithTransaction
    public Uni<PlanView> create(PlanRequest request, Caller caller) {
        PlanTerms terms = withDefaults(request.terms());
        checkRules(terms);
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select count(*) from Plan where code = :code", Long.class)
                .setParameter("code", request.code()).getSingleResult()
                .chain(existing -> {
                    if (existing > 0) {
                        throw ProblemException.conflict("plan-code-taken", "Plan code taken",
                                "A plan with code " + request.code() + " exists; publish a new version of it instead");
                    }
                    Instant now = Instant.now(clock);
                    Plan plan = new Plan();
                    plan.id = TimeOrderedIds.next();
                    plan.code = request.code();
                    plan.createdAt = now;
                    describe(plan, 1, request.name(), terms, now);
                    return session.persist(plan).chain(() -> publishVersion(plan, 1, request.name(), terms, caller));
                }));
    }

    /** Publishes the next version of a plan; earlier versions stay as they were (R-S2, R-S6). */
    @WithTransaction
    public Uni<PlanView> revise(UUID id, PlanRequest request, Caller caller) {
        PlanTerms terms = withDefaults(request.terms());
        checkRules(terms);
        return Panache.getSession().chain(session -> session.find(Plan.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE))
                .chain(plan -> {
                    if (plan == null) {
                        throw ProblemException.notFound("Plan", id);
                    }
                    if (!plan.code.equals(request.code())) {
                        throw ProblemException.unprocessable("plan-code-immutable", "Plan code cannot change",
                                "Plan " + id + " has code " + plan.code);
                    }
                    if (plan.type != terms.type()) {
                        throw ProblemException.unprocessable("plan-type-immutable", "Plan type cannot change",
                                "Plan " + plan.code + " is " + plan.type + "; create another plan for " + terms.type());
                    }
                    return publishVersion(plan, plan.currentVersion + 1, request.name(), terms, caller);
                });
    }

    private static void describe(Plan plan, int version, String name, PlanTerms terms, Instant now) {
        plan.name = name;
        plan.type = terms.type();
        plan.tier = terms.tier();
        plan.currentVersion = version;
        plan.updatedAt = now;
    }

    private Uni<PlanView> publishVersion(Plan plan, int version, String name, PlanTerms terms, Caller caller) {
        Instant now = Instant.now(clock);
        describe(plan, version, name, terms, now);
        PlanVersion row = new PlanVersion();
        row.planId = plan.id;
        row.version = version;
        row.name = name;
        row.terms = write(terms);
        row.createdBy = caller.name();
        row.createdAt = now;
        return Panache.getSession().chain(session -> session.persist(row))
                .chain(() -> outbox.append(PlanEvents.PUBLISHED, plan.id.toString(), plan.id.toString(),
                        new PlanEvents.PlanPublished(plan.id, plan.code, name, version, terms, now)))
                .replaceWith(new PlanView(plan.id, plan.code, name, version, version, terms, now));
    }

    /** The current version, or the one asked for. */
    @WithSession
    public Uni<PlanView> find(UUID id, Integer version) {
        return Panache.getSession().chain(session -> session.find(Plan.class, id).chain(plan -> {
            if (plan == null) {
                throw ProblemException.notFound("Plan", id);
            }
            int wanted = version == null ? plan.currentVersion : version;
            return session.find(PlanVersion.class, new PlanVersion.Key(id, wanted)).map(row -> {
                if (row == null) {
                    throw ProblemException.notFound("Version " + wanted + " of plan", id);
                }
                return view(plan, row);
            });
        }));
    }

    /** The catalogue's current versions, optionally of one type or tier. */
    @WithSession
    public Uni<List<PlanView>> list(PlanType type, Tier tier) {
        String where = (type == null ? "" : " and p.type = :type") + (tier == null ? "" : " and p.tier = :tier");
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery("select p, v from Plan p, PlanVersion v "
                    + "where v.planId = p.id and v.version = p.currentVersion" + where
                    + " order by p.type, p.tier, p.code", Object[].class);
            if (type != null) {
                query.setParameter("type", type);
            }
            if (tier != null) {
                query.setParameter("tier", tier);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> view((Plan) r[0], (PlanVersion) r[1])).toList());
    }

    private PlanView view(Plan plan, PlanVersion row) {
        return new PlanView(plan.id, plan.code, row.name, row.version, plan.currentVersion, read(row.terms),
                row.createdAt);
    }

    private static void checkRules(PlanTerms terms) {
        List<PlanRules.Violation> violations = PlanRules.check(terms);
        if (!violations.isEmpty()) {
            ProblemException problem = ProblemException.unprocessable("plan-rules", "Plan breaks the plan rules",
                    violations.stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).get());
            throw problem.with("violations", violations);
        }
    }

    /** R-S2: the configured VAT schedule when the request names none. */
    private PlanTerms withDefaults(PlanTerms terms) {
        if (terms.vatRates() != null && !terms.vatRates().isEmpty()) {
            return terms;
        }
        List<PlanTerms.VatRate> rates = vat.rates().stream().map(pair -> {
            String[] parts = pair.split("=");
            return new PlanTerms.VatRate(LocalDate.parse(parts[0].strip()), new BigDecimal(parts[1].strip()));
        }).toList();
        return new PlanTerms(terms.type(), terms.tier(), terms.currency(), terms.monthlyFee(), terms.ticketFee(),
                terms.minuteRate(), terms.includedMinutes(), terms.fixedPriceActions(), terms.onCall(),
                terms.investigation(), rates);
    }

    private String write(PlanTerms terms) {
        try {
            return json.writeValueAsString(terms);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PlanTerms read(String terms) {
        try {
            return json.readValue(terms, PlanTerms.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan terms unreadable", e);
        }
    }
}
