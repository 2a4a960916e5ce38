package org.supportdesk.ticket.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * R-L1: a business calendar: weekly working hours, closed days (holidays and their eves) and a time
 * zone, with business-time arithmetic. Pure: intervals are built per local day and turned into
 * instants in the zone, so a DST day has its true length (a 24-hour day is 23 or 25 hours long).
 */
public final class BusinessCalendar {

    /** Working hours of a day, {@code opens} to {@code closes}; a close of 24:00 is written as {@link LocalTime#MIDNIGHT}. */
    public record Hours(LocalTime opens, LocalTime closes) {
        public Hours {
            if (!closes.equals(LocalTime.MIDNIGHT) && !closes.isAfter(opens)) {
                throw new IllegalArgumentException("hours must close after they open: " + opens + "-" + closes);
            }
        }
    }

    /** A span of business time as instants, {@code from} inclusive to {@code until} exclusive. */
    record Span(Instant from, Instant until) {
    }

    /** Searches at most this far for business time; a calendar with hours always finds some sooner. */
    private static final int SEARCH_DAYS = 3 * 366;
    private static final Pattern WEEKLY = Pattern.compile(
            "(SUN|MON|TUE|WED|THU|FRI|SAT)(?:-(SUN|MON|TUE|WED|THU|FRI|SAT))? (\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Hours>> week;
    private final Set<LocalDate> closedDays;

    public BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Hours>> week, Set<LocalDate> closedDays) {
        if (week.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a business calendar needs working hours on at least one day");
        }
        this.zone = zone;
        this.week = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, hours) -> this.week.put(day, merged(hours)));
        this.closedDays = Set.copyOf(closedDays);
    }

    /**
     * A day's hours in order, those that overlap or touch merged into one (R-L1: lines such as
     * "SUN-THU 08:30-17:00" and "THU 16:00-20:00" make Thursday 08:30-20:00; an hour counts once).
     */
    private static List<Hours> merged(List<Hours> hours) {
        List<Hours> merged = new java.util.ArrayList<>();
        for (Hours next : hours.stream().sorted(Comparator.comparing(Hours::opens)).toList()) {
            Hours last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !next.opens().isAfter(end(last))) {
                merged.set(merged.size() - 1, new Hours(last.opens(), end(next).isAfter(end(last)) ? next.closes() : last.closes()));
            } else {
                merged.add(next);
            }
        }
        return List.copyOf(merged);
    }

    /** When hours close, midnight (24:00) after every other time of the day. */
    private static LocalTime end(Hours hours) {
        return hours.closes().equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : hours.closes();
    }

    /** Around the clock every day except the closed days (`001`: 24/7 except Yom Kippur). */
    public static BusinessCalendar aroundTheClock(ZoneId zone, Set<LocalDate> closedDays) {
        return parse(zone, List.of("SUN-SAT 00:00-24:00"), closedDays);
    }

    /**
     * A calendar from lines such as {@code "SUN-THU 08:30-17:00"} or {@code "FRI 08:00-13:00"}; a range
     * of days wraps the week in order SUN…SAT; 24:00 closes at midnight.
     */
    public static BusinessCalendar parse(ZoneId zone, List<String> lines, Set<LocalDate> closedDays) {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (String line : lines) {
            Matcher m = WEEKLY.matcher(line.strip().toUpperCase());
            if (!m.matches()) {
                throw new IllegalArgumentException("not working hours (e.g. SUN-THU 08:30-17:00): " + line);
            }
            int first = sundayFirst(m.group(1));
            int last = m.group(2) == null ? first : sundayFirst(m.group(2));
            LocalTime opens = time(m.group(3));
            LocalTime closes = time(m.group(4));
            for (int i = first; ; i = (i + 1) % 7) {
                week.computeIfAbsent(DayOfWeek.SUNDAY.plus(i), d -> new ArrayList<>()).add(new Hours(opens, closes));
                if (i == last) {
                    break;
                }
            }
        }
        return new BusinessCalendar(zone, week, closedDays);
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether {@code day} has working hours (it is a weekday with hours and not a closed day). */
    public boolean isBusinessDay(LocalDate day) {
        return !closedDays.contains(day) && !week.getOrDefault(day.getDayOfWeek(), List.of()).isEmpty();
    }

    public boolean isOpen(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        for (LocalDate d : List.of(day.minusDays(1), day)) {
            for (Span span : spansOf(d)) {
                if (!at.isBefore(span.from()) && at.isBefore(span.until())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first business instant at or after {@code at}. */
    public Instant nextOpen(Instant at) {
        return add(at, Duration.ZERO);
    }

    /**
     * The instant when {@code amount} of business time has passed after {@code from}: time outside
     * working hours and on closed days does not count. Adding zero answers the next open instant.
     */
    public Instant add(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot add negative business time: " + amount);
        }
        Duration left = amount;
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            for (Span span : spansOf(day)) {
                Instant start = span.from().isAfter(from) ? span.from() : from;
                if (!start.isBefore(span.until())) {
                    continue;
                }
                Duration available = Duration.between(start, span.until());
                if (left.compareTo(available) <= 0) { // a target may fall due exactly at closing
                    return start.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("no business time within " + SEARCH_DAYS + " days of " + from);
    }

    /** The business time between two instants (zero when {@code until} is not after {@code from}). */
    public Duration between(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = until.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Span span : spansOf(day)) {
                Instant start = span.from().isAfter(from) ? span.from() : from;
                Instant end = span.until().isBefore(until) ? span.until() : until;
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * {@code days} business days after {@code from}: the same wall-clock time on the {@code days}-th
     * following business day (R-T4, R-T6 count "2 business days" so).
     */
    public Instant addBusinessDays(Instant from, int days) {
        ZonedDateTime local = from.atZone(zone);
        LocalDate day = local.toLocalDate();
        for (int counted = 0; counted < days; ) {
            day = day.plusDays(1);
            if (isBusinessDay(day)) {
                counted++;
            }
        }
        return ZonedDateTime.of(day, local.toLocalTime(), zone).toInstant();
    }

    /** The start of working hours on the first business day after the day of {@code at}. */
    public Instant nextBusinessMorning(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate().plusDays(1);
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            List<Span> spans = spansOf(day);
            if (!spans.isEmpty()) {
                return spans.getFirst().from();
            }
        }
        throw new IllegalStateException("no business day within " + SEARCH_DAYS + " days of " + at);
    }

    /** The end of the working hours of {@code day}, if it is a business day. */
    public Instant closingOf(LocalDate day) {
        List<Span> spans = spansOf(day);
        return spans.isEmpty() ? null : spans.getLast().until();
    }

    /** The working spans of one local day as instants; empty on a closed day. */
    List<Span> spansOf(LocalDate day) {
        if (closedDays.contains(day)) {
            return List.of();
        }
        List<Span> spans = new ArrayList<>();
        for (Hours hours : week.getOrDefault(day.getDayOfWeek(), List.of())) {
            Instant from = ZonedDateTime.of(day, hours.opens(), zone).toInstant();
            Instant until = hours.closes().equals(LocalTime.MIDNIGHT)
                    ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : ZonedDateTime.of(day, hours.closes(), zone).toInstant();
            if (from.isBefore(until)) {
                spans.add(new Span(from, until));
            }
        }
        return spans;
    }

    private static int sundayFirst(String day) {
        return List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT").indexOf(day);
    }

    private static LocalTime time(String text) {
        try {
            return "24:00".equals(text) ? LocalTime.MIDNIGHT : LocalTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day (00:00 to 24:00)");
        }
    }
}
