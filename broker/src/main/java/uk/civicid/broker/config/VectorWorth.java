package uk.civicid.broker.config;

import java.util.List;

/** What a Vector of Trust answered by an upstream is worth in the broker's terms: an eIDAS level of assurance and RFC 8176 methods. */
public record VectorWorth(String acr, List<String> amr) {

    public VectorWorth {
        amr = List.copyOf(amr);
    }
}
