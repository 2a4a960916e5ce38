package org.supportdesk.subscription.plan;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.supportdesk.platform.money.Money;

/**
 * R-S2: what a plan version costs and includes. Prices include VAT unless said otherwise; an
 * allowance that is null does not limit (R-B2).
 */
public record PlanTerms(
        @NotNull PlanType type,
        @NotNull Tier tier,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as ILS") String currency,
        @NotNull @Valid Money monthlyFee,
        @NotNull @Valid Money ticketFee,
        @NotNull @Valid Money minuteRate,
        @Valid IncludedMinutes includedMinutes,
        @Valid @Size(max = 100) List<@NotNull @Valid FixedPriceAction> fixedPriceActions,
        @Valid OnCall onCall,
        @Valid Investigation investigation,
        @Valid @Size(max = 20) List<@NotNull @Valid VatRate> vatRates) {

    /** R-B2: included minutes per ticket, per service day and per month; each optional. */
    public record IncludedMinutes(@PositiveOrZero Integer perTicket, @PositiveOrZero Integer perDay,
            @PositiveOrZero Integer perMonth) {

        public static final IncludedMinutes NONE = new IncludedMinutes(null, null, null);

        public boolean includesAny() {
            return perTicket != null || perDay != null || perMonth != null;
        }
    }

    /** R-B5: an action with a listed price, whatever its duration. */
    public record FixedPriceAction(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[A-Z0-9_]+", message = "must be UPPER_SNAKE_CASE") String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Valid Money price) {
    }

    /** R-B15: a non-critical fix outside business hours at the customer's request, per hour. */
    public record OnCall(@NotNull @Valid Money hourlyRate, @NotNull @Positive Integer minimumHours) {
    }

    /** R-B15: a reported fault that was no fault, per hour, with a minimum charge; plus VAT. */
    public record Investigation(@NotNull @Valid Money hourlyRate, @NotNull @Valid Money minimumCharge) {
    }

    /** R-S2: the VAT rate from a date on (18% in Israel from 2025-01-01). */
    public record VatRate(@NotNull LocalDate effectiveFrom,
            @NotNull @DecimalMin("0") @DecimalMax("1") @Digits(integer = 1, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate) {
    }

    public IncludedMinutes allowances() {
        return includedMinutes == null ? IncludedMinutes.NONE : includedMinutes;
    }

    public List<FixedPriceAction> actions() {
        return fixedPriceActions == null ? List.of() : fixedPriceActions;
    }
}
