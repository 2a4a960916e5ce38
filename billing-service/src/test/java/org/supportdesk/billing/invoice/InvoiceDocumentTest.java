package org.supportdesk.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceDocumentTest {

    static Invoice invoice() {
        Invoice i = new Invoice();
        i.id = UUID.randomUUID();
        i.series = "INVOICE";
        i.number = 1042L;
        i.kind = "MONTHLY";
        i.accountId = UUID.randomUUID();
        i.periodStart = LocalDate.of(2026, 10, 1);
        i.periodEnd = LocalDate.of(2026, 10, 31);
        i.status = Invoice.Status.PAID;
        i.currency = "ILS";
        i.total = new BigDecimal("80.10");
        i.vat = new BigDecimal("12.22");
        i.issuedAt = Instant.parse("2026-11-01T00:00:05Z");
        return i;
    }

    static InvoiceLine line(String description, String amount, String vat) {
        InvoiceLine l = new InvoiceLine();
        l.description = description;
        l.quantity = 16;
        l.amount = new BigDecimal(amount);
        l.vat = new BigDecimal(vat);
        return l;
    }

    @Test
    void theInvoiceDocumentCarriesItsFiguresWithHebrewSetRightToLeft() throws Exception {
        byte[] pdf = InvoiceDocument.render(new InvoiceDocument.Content("Support Online", invoice(),
                List.of(line("online-monthly-gold, 16/31 days", "51.10", "7.79"), line("ticket 1042: דיסק קשיח", "29.00", "4.42")),
                "לוי ייעוץ", null, ZoneId.of("Asia/Jerusalem")));
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isEqualTo(1);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("Tax invoice 1042").contains("Total: 80.10").contains("51.10").contains("01/11/2026")
                .contains("01/10/2026");
        // Hebrew is laid out right to left: its glyphs stand in visual order, the logical text reversed
        assertThat(text).contains(new StringBuilder("חשבונית מס").reverse().toString());
        assertThat(text).contains(new StringBuilder("לוי ייעוץ").reverse().toString());
        // the number inside a Hebrew line keeps its left-to-right order
        assertThat(text).contains("1042");
    }

    @Test
    void aCreditNoteSaysSo() throws Exception {
        Invoice note = invoice();
        note.kind = "CREDIT_NOTE";
        note.series = "CREDIT_NOTE";
        note.corrects = UUID.randomUUID();
        note.total = new BigDecimal("-80.10");
        String text = new PdfTextExtractor(new PdfReader(InvoiceDocument.render(new InvoiceDocument.Content("Support Online",
                note, List.of(), "Dana", 1041L, ZoneId.of("Asia/Jerusalem"))))).getTextFromPage(1);
        assertThat(text).contains("Credit note 1042").contains("-80.10").contains("Corrects invoice: 1041");
    }
}
