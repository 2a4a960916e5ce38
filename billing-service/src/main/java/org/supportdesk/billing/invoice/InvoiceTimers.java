package org.supportdesk.billing.invoice;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * The invoice run (R-B11) and payment retries through the shared due timers: one row per (account,
 * month), claimed by any replica with SKIP LOCKED, fired in the claiming transaction, so N replicas
 * bill each month once and a restart loses none. A claimed batch of monthly runs is invoiced
 * together (set-based: one query per kind for all its accounts).
 */
public final class InvoiceTimers {

    private InvoiceTimers() {
    }

    @ApplicationScoped
    public static class MonthlyRun implements TimerHandler {
        private final InvoiceService invoices;

        MonthlyRun(InvoiceService invoices) {
            this.invoices = invoices;
        }

        @Override
        public String kind() {
            return InvoiceService.RUN_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return fireAll(List.of(timer));
        }

        /** The batch's accounts run together, a month at a time (subjects {@code <account>/<month>}), in claim order. */
        @Override
        public Uni<Void> fireAll(List<DueTimer> timers) {
            List<Map.Entry<YearMonth, List<UUID>>> months = new ArrayList<>();
            for (DueTimer timer : timers) {
                String[] parts = timer.subject.split("/");
                YearMonth month = YearMonth.from(LocalDate.parse(parts[1]));
                if (months.isEmpty() || !months.getLast().getKey().equals(month)) {
                    months.add(Map.entry(month, new ArrayList<>()));
                }
                months.getLast().getValue().add(UUID.fromString(parts[0]));
            }
            return Multi.createFrom().iterable(months).onItem()
                    .transformToUniAndConcatenate(run -> invoices.runMonths(run.getValue(), run.getKey()))
                    .collect().last().replaceWithVoid();
        }
    }

    @ApplicationScoped
    public static class PaymentRetry implements TimerHandler {
        private final InvoiceService invoices;

        PaymentRetry(InvoiceService invoices) {
            this.invoices = invoices;
        }

        @Override
        public String kind() {
            return InvoiceService.RETRY_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return invoices.retry(UUID.fromString(timer.subject));
        }
    }

    @ApplicationScoped
    public static class PartnerRun implements TimerHandler {
        private final InvoiceService invoices;

        PartnerRun(InvoiceService invoices) {
            this.invoices = invoices;
        }

        @Override
        public String kind() {
            return InvoiceService.PARTNER_RUN_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            String[] parts = timer.subject.split("/");
            return invoices.runPartnerMonth(UUID.fromString(parts[0]), YearMonth.from(LocalDate.parse(parts[1])));
        }
    }
}
