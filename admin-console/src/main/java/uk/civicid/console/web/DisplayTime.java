package uk.civicid.console.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Times as people read them, in UK time and the page's language: {@code ${@time.format(x)}} in templates. */
@Component("time")
public class DisplayTime {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    public String format(Instant instant) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", LocaleContextHolder.getLocale()).format(instant.atZone(UK));
    }

    /** For the datetime attribute of a time element. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
