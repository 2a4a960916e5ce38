package org.supportdesk.billing.invoice;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An invoice as a PDF document with Hebrew and English labels: Hebrew is set right to left (the
 * writer's bidi run direction), numbers and English left to right; the Liberation Sans font
 * (embedded) has the Hebrew glyphs. Pure apart from reading the font from the class path.
 */
public final class InvoiceDocument {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final byte[] FONT = font("liberation/LiberationSans-Regular.ttf");
    private static final byte[] BOLD_FONT = font("liberation/LiberationSans-Bold.ttf");

    private InvoiceDocument() {
    }

    /** What the document shows. */
    public record Content(String seller, Invoice invoice, List<InvoiceLine> lines, String customer, Long correctsNumber,
            ZoneId zone) {
    }

    public static byte[] render(Content c) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BaseFont base = BaseFont.createFont("LiberationSans-Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
                    FONT, null);
            BaseFont bold = BaseFont.createFont("LiberationSans-Bold.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
                    BOLD_FONT, null);
            Font text = new Font(base, 10);
            Font heading = new Font(bold, 14);
            Font strong = new Font(bold, 10);
            Document document = new Document(PageSize.A4, 40, 40, 40, 40);
            PdfWriter.getInstance(document, out);
            document.addTitle(title(c.invoice()) + " " + c.invoice().number);
            document.open();

            Invoice i = c.invoice();
            PdfPTable header = new PdfPTable(2);
            header.setWidthPercentage(100);
            header.addCell(cell(c.seller(), heading, Element.ALIGN_LEFT, false));
            header.addCell(cell(hebrewTitle(i) + " " + i.number, heading, Element.ALIGN_RIGHT, true));
            header.addCell(cell(title(i) + " " + i.number, heading, Element.ALIGN_LEFT, false));
            header.addCell(cell("", text, Element.ALIGN_RIGHT, true));
            labelled(header, "Date", "תאריך", i.issuedAt == null ? "" : DAY.format(i.issuedAt.atZone(c.zone())), text);
            labelled(header, "Customer", "לקוח", c.customer(), text);
            if (i.periodStart != null) {
                labelled(header, "Period", "תקופה", DAY.format(i.periodStart) + " – " + DAY.format(i.periodEnd), text);
            }
            if (c.correctsNumber() != null) {
                labelled(header, "Corrects invoice", "מתקנת את חשבונית", c.correctsNumber().toString(), text);
            }
            document.add(header);

            PdfPTable table = new PdfPTable(new float[] { 6, 1.3f, 2, 2 });
            table.setWidthPercentage(100);
            table.setSpacingBefore(16);
            table.addCell(cell("Description / תיאור", strong, Element.ALIGN_LEFT, false));
            table.addCell(cell("Qty / כמות", strong, Element.ALIGN_RIGHT, false));
            table.addCell(cell("VAT / מע\"מ", strong, Element.ALIGN_RIGHT, false));
            table.addCell(cell("Amount / סכום", strong, Element.ALIGN_RIGHT, false));
            for (InvoiceLine line : c.lines()) {
                table.addCell(cell(line.description, text, Element.ALIGN_LEFT, containsHebrew(line.description)));
                table.addCell(cell(line.quantity == null ? "" : line.quantity.toString(), text, Element.ALIGN_RIGHT, false));
                table.addCell(cell(money(line.vat, i.currency), text, Element.ALIGN_RIGHT, false));
                table.addCell(cell(money(line.amount, i.currency), text, Element.ALIGN_RIGHT, false));
            }
            document.add(table);

            PdfPTable totals = new PdfPTable(2);
            totals.setWidthPercentage(50);
            totals.setHorizontalAlignment(Element.ALIGN_RIGHT);
            totals.setSpacingBefore(12);
            labelled(totals, "VAT included", "מתוכו מע\"מ", money(i.vat, i.currency), text);
            labelled(totals, "Total", "סה\"כ לתשלום", money(i.total, i.currency), strong);
            labelled(totals, "Status", "מצב", i.status.name(), text);
            document.add(totals);
            document.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row with the English label, the Hebrew label (right to left) and the value. */
    private static void labelled(PdfPTable table, String english, String hebrew, String value, Font font) {
        table.addCell(cell(english + ": " + value, font, Element.ALIGN_LEFT, false));
        table.addCell(cell(hebrew + ": " + value, font, Element.ALIGN_RIGHT, true));
    }

    private static PdfPCell cell(String content, Font font, int align, boolean rightToLeft) {
        PdfPCell cell = new PdfPCell(new Phrase(content, font));
        cell.setBorder(PdfPCell.NO_BORDER);
        cell.setPaddingBottom(4);
        cell.setHorizontalAlignment(align);
        if (rightToLeft) {
            cell.setRunDirection(PdfWriter.RUN_DIRECTION_RTL);
        }
        return cell;
    }

    static String title(Invoice i) {
        return "CREDIT_NOTE".equals(i.kind) ? "Credit note" : "Tax invoice";
    }

    static String hebrewTitle(Invoice i) {
        return "CREDIT_NOTE".equals(i.kind) ? "חשבונית זיכוי" : "חשבונית מס";
    }

    private static String money(BigDecimal amount, String currency) {
        return (amount == null ? "0.00" : amount.setScale(2).toPlainString()) + " " + ("ILS".equals(currency) ? "₪" : currency);
    }

    private static boolean containsHebrew(String text) {
        return text != null && text.codePoints().anyMatch(cp -> cp >= 0x0590 && cp <= 0x05FF);
    }

    private static byte[] font(String resource) {
        try (InputStream in = InvoiceDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
