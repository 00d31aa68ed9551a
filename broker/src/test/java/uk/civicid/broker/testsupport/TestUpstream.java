package uk.civicid.broker.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a test configures one of the broker's upstream logins: a builder per upstream, turned into
 * {@code civicid.upstreams[i].*} keys in the order given, so no test repeats a block of keys (or gets an index wrong).
 *
 * <pre>{@code
 * TestBroker.start(TestUpstream.properties(Map.of("civicid.clients[0].client-id", "app", ...),
 *         TestUpstream.of(fake, "council").named("Council staff").acr(SUBSTANTIAL).amr("pwd"),
 *         TestUpstream.of(other, "citizens")));
 * }</pre>
 */
public final class TestUpstream {

    /** Setting (relative to {@code civicid.upstreams[i].}) → value. */
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private TestUpstream(String id, String issuer, String clientId, String clientSecret) {
        settings.put("id", id);
        settings.put("display-name.en", id);
        settings.put("issuer", issuer);
        settings.put("client-id", clientId);
        if (clientSecret != null) {
            settings.put("client-secret", clientSecret);
        }
    }

    /** An upstream played by a {@link FakeUpstream}, with the client id and secret it expects. */
    public static TestUpstream of(FakeUpstream upstream, String id) {
        return new TestUpstream(id, upstream.issuer(), upstream.clientId(), upstream.clientSecret());
    }

    /** Any other upstream: the broker's own demo one, one that is down, one that does not exist. */
    public static TestUpstream at(String id, String issuer, String clientId, String clientSecret) {
        return new TestUpstream(id, issuer, clientId, clientSecret);
    }

    public TestUpstream named(String en) {
        return set("display-name.en", en);
    }

    public TestUpstream named(String en, String cy) {
        return set("display-name.en", en).set("display-name.cy", cy);
    }

    public TestUpstream acr(String acr) {
        return set("acr", acr);
    }

    public TestUpstream amr(String... amr) {
        return list("amr", amr);
    }

    /** Any other setting, named as in YAML under the upstream: {@code userinfo}, {@code private-key-file}, {@code claims.email}… */
    public TestUpstream set(String setting, Object value) {
        settings.put(setting, value);
        return this;
    }

    public TestUpstream list(String setting, String... values) {
        settings.keySet().removeIf(key -> key.startsWith(setting + "["));
        for (int i = 0; i < values.length; i++) {
            settings.put(setting + "[" + i + "]", values[i]);
        }
        return this;
    }

    public TestUpstream without(String setting) {
        settings.remove(setting);
        return this;
    }

    /** The configuration keys of these upstreams, in this order. */
    public static Map<String, Object> properties(TestUpstream... upstreams) {
        return properties(Map.of(), upstreams);
    }

    /** The other properties with the configuration keys of these upstreams, in this order. */
    public static Map<String, Object> properties(Map<String, ?> others, TestUpstream... upstreams) {
        Map<String, Object> properties = new LinkedHashMap<>(others);
        List<TestUpstream> all = List.of(upstreams);
        for (int i = 0; i < all.size(); i++) {
            String prefix = "civicid.upstreams[" + i + "].";
            all.get(i).settings.forEach((setting, value) -> properties.put(prefix + setting, value));
        }
        return properties;
    }
}
