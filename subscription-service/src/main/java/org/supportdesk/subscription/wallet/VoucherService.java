package org.supportdesk.subscription.wallet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.subscription.account.Account;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.closure.ClosureService;
import org.supportdesk.subscription.plan.VatConfig;

/** Issuing vouchers and redeeming them into wallet credits (R-B6); cards open PREPAID plans (R-S3). */
@ApplicationScoped
public class VoucherService {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record VoucherView(String code, String kind, Integer minutes, Money cash, int maxRedemptions,
            int redemptions, LocalDate expiresOn) {

        static VoucherView of(Voucher v) {
            return new VoucherView(v.code, v.kind.name(), v.minutes, v.cash == null ? null : Money.of(v.cash, v.currency),
                    v.maxRedemptions, v.redemptions, v.expiresOn);
        }
    }

    public record Redemption(UUID accountId, UUID creditId, String code, String kind, Integer minutes, Money cash) {
    }

    private final Outbox outbox;
    private final VatConfig catalogue;
    private final PlatformConfig config;
    private final Clock clock;
    private final AccountRepository accounts;

    VoucherService(Outbox outbox, VatConfig catalogue, PlatformConfig config, Clock clock, AccountRepository accounts) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.catalogue = catalogue;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<VoucherView> issue(VoucherRequest request, Caller caller) {
        WalletCurrency.require(request.cash(), catalogue.defaultCurrency());
        Voucher voucher = new Voucher();
        voucher.code = request.code() != null ? request.code() : generatedCode();
        voucher.kind = request.kind();
        voucher.minutes = request.minutes();
        voucher.cash = request.cash() == null ? null : request.cash().amount().setScale(2, RoundingMode.UNNECESSARY);
        voucher.currency = request.cash() == null ? catalogue.defaultCurrency() : request.cash().currency();
        voucher.maxRedemptions = request.maxRedemptions() == null ? 1 : request.maxRedemptions();
        voucher.expiresOn = request.expiresOn();
        voucher.issuedBy = caller.name();
        voucher.issuedAt = Instant.now(clock);
        return Panache.getSession().chain(session -> session.find(Voucher.class, voucher.code).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("voucher-code-taken", "Code taken",
                        "A voucher with code " + voucher.code + " exists");
            }
            return session.persist(voucher);
        })).replaceWith(VoucherView.of(voucher));
    }

    /** A code as issued, with its redemptions so far (where its issue's Location points). */
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<VoucherView> find(String code) {
        return Panache.getSession().chain(session -> session.find(Voucher.class, code)).map(v -> {
            if (v == null) {
                throw ProblemException.notFound("Voucher", code);
            }
            return VoucherView.of(v);
        });
    }

    /**
     * Redeems a code for an account the caller may act for. R-B6 with R-S8: the account is locked first,
     * as a closure locks it, so a redemption asked for while the account closes waits, then is refused:
     * no credit lands in a closed account's wallet, nor in one whose closure waits for its last session.
     */
    @WithTransaction
    public Uni<Redemption> redeem(UUID accountId, String code, Caller caller) {
        return accounts.locked(accountId).chain(account -> {
            if (account == null || !caller.maySee(account.id, account.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            if (account.status == Account.Status.CLOSED) {
                throw ProblemException.conflict("account-not-active", "Account closed",
                        "Account " + accountId + " is closed");
            }
            return Panache.getSession().chain(session -> ClosureService.refuseWhileClosing(session, accountId))
                    .chain(() -> redeemFor(accountId, code, caller, false));
        });
    }

    /**
     * Redeems a code in the caller's transaction. With {@code cardsOnly}, only a gift or service card
     * will do (joining a PREPAID plan, R-S3).
     */
    public Uni<Redemption> redeemFor(UUID accountId, String code, Caller caller, boolean cardsOnly) {
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        return Panache.getSession().chain(session -> session.find(Voucher.class, code,
                org.hibernate.LockMode.PESSIMISTIC_WRITE).chain(voucher -> {
                    if (voucher == null || (cardsOnly && !voucher.kind.isCard())) {
                        throw ProblemException.unprocessable(cardsOnly ? "unknown-card" : "unknown-code",
                                cardsOnly ? "Unknown card" : "Unknown code",
                                "No " + (cardsOnly ? "gift or service card" : "voucher") + " has code " + code);
                    }
                    if (voucher.expiresOn != null && voucher.expiresOn.isBefore(today)) {
                        throw ProblemException.unprocessable("code-expired", "Code expired",
                                "Code " + code + " expired on " + voucher.expiresOn);
                    }
                    if (voucher.redemptions >= voucher.maxRedemptions) {
                        throw ProblemException.unprocessable("code-used", "Code already used",
                                "Code " + code + " has no uses left");
                    }
                    return session.createSelectionQuery(
                            "select count(*) from VoucherRedemption where code = :code and accountId = :account", Long.class)
                            .setParameter("code", code).setParameter("account", accountId).getSingleResult()
                            .chain(already -> {
                                if (already > 0) {
                                    throw ProblemException.unprocessable("code-used", "Code already used",
                                            "This account redeemed code " + code + " already");
                                }
                                voucher.redemptions++;
                                VoucherRedemption redemption = new VoucherRedemption();
                                redemption.id = TimeOrderedIds.next();
                                redemption.code = code;
                                redemption.accountId = accountId;
                                redemption.redeemedBy = caller.name();
                                redemption.redeemedAt = Instant.now(clock);
                                Money cash = voucher.cash == null ? null : Money.of(voucher.cash, voucher.currency);
                                return session.persist(redemption)
                                        .chain(() -> outbox.append(WalletEvents.CREDITED, accountId.toString(),
                                                accountId.toString(), new WalletEvents.WalletCredited(accountId,
                                                        redemption.id, voucher.kind.name(), code, voucher.minutes, cash)))
                                        .replaceWith(new Redemption(accountId, redemption.id, code, voucher.kind.name(),
                                                voucher.minutes, cash));
                            });
                }));
    }

    private static String generatedCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
