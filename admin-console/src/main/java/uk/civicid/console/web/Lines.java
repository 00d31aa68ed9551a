package uk.civicid.console.web;

import java.util.Arrays;
import java.util.List;

/** Lists typed one per line (or separated by spaces) in a form, and back. */
public final class Lines {

    private Lines() {}

    public static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    public static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[\\s,]+")).map(String::strip).filter(word -> !word.isEmpty()).toList();
    }

    public static String join(List<String> lines) {
        return lines == null ? "" : String.join("\n", lines);
    }

    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
