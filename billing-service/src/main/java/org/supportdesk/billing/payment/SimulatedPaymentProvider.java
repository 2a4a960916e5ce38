package org.supportdesk.billing.payment;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated payment provider: approves every charge and refund, except the next {@code n} of an
 * account that was told to fail (with the reason a provider would give: "card declined").
 * In-memory, one per service process: for the local stack and tests, never production.
 */
@ApplicationScoped
public class SimulatedPaymentProvider implements PaymentProvider {

    private record Failing(int remaining, String reason) {
    }

    private final Map<UUID, Failing> failing = new ConcurrentHashMap<>();
    /** Answers by idempotency key (invoice, attempt), as a real provider keeps them. */
    private final Map<String, Result> answered = new ConcurrentHashMap<>();

    /** The account's next {@code times} charges fail with {@code reason}. */
    public void failNext(UUID accountId, int times, String reason) {
        if (times <= 0) {
            failing.remove(accountId);
        } else {
            failing.put(accountId, new Failing(times, reason));
        }
    }

    @Override
    public Uni<Result> charge(UUID accountId, UUID invoiceId, BigDecimal amount, String currency, int attempt) {
        return Uni.createFrom().item(answered.computeIfAbsent(invoiceId + "/" + attempt, key -> decide(accountId, key)));
    }

    @Override
    public Uni<Result> refund(UUID accountId, UUID invoiceId, int attempt, BigDecimal amount, String currency) {
        return Uni.createFrom().item(answered.computeIfAbsent(invoiceId + "/refund/" + attempt,
                key -> decide(accountId, key)));
    }

    private Result decide(UUID accountId, String key) {
        String[] reason = new String[1];
        failing.computeIfPresent(accountId, (id, current) -> {
            reason[0] = current.reason();
            return current.remaining() <= 1 ? null : new Failing(current.remaining() - 1, current.reason());
        });
        return reason[0] != null ? new Result(false, null, reason[0]) : new Result(true, "sim-" + key, null);
    }
}
