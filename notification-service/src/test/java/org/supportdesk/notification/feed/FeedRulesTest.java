package org.supportdesk.notification.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;

/** R-N1: every event customers are told of has words in Hebrew and English (from the catalogued samples). */
public class FeedRulesTest {

    public static final List<String> TOLD = List.of(
            "org.supportdesk.ticket.ticket-opened.v1", "org.supportdesk.ticket.ticket-status-changed.v1",
            "org.supportdesk.ticket.customer-prompted.v1", "org.supportdesk.ticket.ticket-escalated.v1",
            "org.supportdesk.ticket.session-started.v1", "org.supportdesk.ticket.session-closed.v1",
            "org.supportdesk.billing.invoice-issued.v1", "org.supportdesk.billing.payment-failed.v1",
            "org.supportdesk.subscription.account-freeze-scheduled.v1",
            "org.supportdesk.subscription.account-frozen.v1", "org.supportdesk.subscription.account-unfrozen.v1",
            "org.supportdesk.subscription.subscription-changed.v1", "org.supportdesk.subscription.wallet-credited.v1");

    @Test
    void everyToldEventHasHebrewAndEnglishWordsR_N1() {
        for (String type : TOLD) {
            JsonNode sample = CataloguedEvents.sample(type);
            var he = FeedRules.of(type, sample, "he").orElseThrow(() -> new AssertionError("no rule for " + type));
            var en = FeedRules.of(type, sample, "en").orElseThrow();
            assertThat(he.message().title() + he.message().body()).as(type).containsPattern("[\\u0590-\\u05FF]");
            assertThat(en.message().title() + en.message().body()).as(type).doesNotContainPattern("[\\u0590-\\u05FF]")
                    .doesNotContain("null");
            assertThat(he.kind()).isEqualTo(en.kind());
        }
    }

    @Test
    void theWordsCarryTheFigures() {
        JsonNode invoice = CataloguedEvents.sample("org.supportdesk.billing.invoice-issued.v1");
        assertThat(FeedRules.of("org.supportdesk.billing.invoice-issued.v1", invoice, "en").orElseThrow().message().body())
                .isEqualTo("Total ₪80.10, VAT included.");
        JsonNode status = CataloguedEvents.sample("org.supportdesk.ticket.ticket-status-changed.v1");
        assertThat(FeedRules.of("org.supportdesk.ticket.ticket-status-changed.v1", status, "en").orElseThrow().message()
                .title()).isEqualTo("Ticket #1042 is waiting for the vendor");
        JsonNode credit = CataloguedEvents.sample("org.supportdesk.subscription.wallet-credited.v1");
        assertThat(FeedRules.of("org.supportdesk.subscription.wallet-credited.v1", credit, "he").orElseThrow().message()
                .body()).isEqualTo("הארנק שלך זוכה ב-₪100.00.");
    }

    /** R-S7: the notice of a freeze names the day it starts; one cancelled before it began is told as cancelled. */
    @Test
    void aFreezeWithNoticeIsToldWithItsDayAndItsCancellationAsSuchR_S7_R_N1() {
        String scheduled = "org.supportdesk.subscription.account-freeze-scheduled.v1";
        var notice = FeedRules.of(scheduled, CataloguedEvents.sample(scheduled), "en").orElseThrow();
        assertThat(notice.message().title()).isEqualTo("Your account will be frozen on 2026-11-28");
        assertThat(FeedRules.of(scheduled, CataloguedEvents.sample(scheduled), "he").orElseThrow().message().body())
                .startsWith("החל מ-2026-11-28 ");
        String unfrozen = "org.supportdesk.subscription.account-unfrozen.v1";
        var cancelled = CataloguedEvents.sample(unfrozen).put("started", false);
        assertThat(FeedRules.of(unfrozen, cancelled, "en").orElseThrow().message().title())
                .isEqualTo("Your account will not be frozen");
        assertThat(FeedRules.of(unfrozen, CataloguedEvents.sample(unfrozen), "en").orElseThrow().message().title())
                .isEqualTo("Your account is active again");
        // the notice and its cancellation are both required: a customer told of one is told of the other
        assertThat(org.supportdesk.notification.preferences.Preference.REQUIRED).contains(notice.kind(),
                FeedRules.of(unfrozen, cancelled, "en").orElseThrow().kind());
    }

    @Test
    void eventsNotForCustomersTellNothing() {
        JsonNode breach = CataloguedEvents.sample("org.supportdesk.ticket.sla-breached.v1");
        assertThat(FeedRules.of("org.supportdesk.ticket.sla-breached.v1", breach, "en")).isEmpty();
        assertThat(FeedRules.of("org.supportdesk.billing.prepaid-balance-changed.v1",
                CataloguedEvents.sample("org.supportdesk.billing.prepaid-balance-changed.v1"), "en")).isEmpty();
    }
}
