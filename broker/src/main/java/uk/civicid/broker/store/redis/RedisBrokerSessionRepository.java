package uk.civicid.broker.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import uk.civicid.broker.session.BrokerSession;
import uk.civicid.broker.session.BrokerSessionRepository;
import uk.civicid.broker.session.UpstreamSession;
import uk.civicid.broker.Sha256;

/**
 * A broker session is one hash: its fields, one {@code app:<client id>} field per app that joined it, and one
 * {@code up:<hash>} field per upstream session it was signed in through (its JSON). Indexes by account and by upstream
 * sid and sub only point.
 */
public class RedisBrokerSessionRepository implements BrokerSessionRepository {

    private static final String APP = "app:";
    private static final String UPSTREAM = "up:";

    /** Replaces the hash and sets its expiry in one step. ARGV: ttl in ms, then field, value, … */
    private static final RedisScript<Long> SAVE = RedisScript.of("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1""", Long.class);

    /** HSET only on a live session, so a session that just expired is not recreated without an expiry. ARGV: field, value. */
    private static final RedisScript<Long> ADD_FIELD = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1""", Long.class);

    /** Read and delete in one step, so of two nodes ending the same session only one sees it (and notifies apps). */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REMOVE = RedisScript.of("""
            local fields = redis.call('HGETALL', KEYS[1])
            redis.call('DEL', KEYS[1])
            return fields""", List.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;

    public RedisBrokerSessionRepository(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void save(BrokerSession session, Duration timeToLive) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(timeToLive.toMillis()),
                "id", session.id(), "account", session.accountId(), "started", session.startedAt().toString()));
        session.participants().forEach(app -> args.addAll(List.of(APP + app, "1")));
        session.upstreamSessions().forEach(upstream -> args.addAll(List.of(field(upstream), json(upstream))));
        redis.execute(SAVE, List.of(keys.brokerSession(session.id())), args.toArray());
        Instant now = clock.instant();
        ExpiringIndex.add(redis, keys.brokerSessionsOf(session.accountId()), session.id(), now.plus(timeToLive), now);
        session.upstreamSessions().forEach(upstream -> index(upstream, session.id(), now.plus(timeToLive), now));
    }

    @Override
    public List<BrokerSession> findByUpstreamSession(String upstreamId, String subject, String sid) {
        String key = sid != null ? keys.brokerSessionsFromUpstream(upstreamId, "sid", sid) : keys.brokerSessionsFromUpstream(upstreamId, "sub", subject);
        return ExpiringIndex.live(redis, key, clock.instant()).stream().map(this::find).flatMap(Optional::stream)
                .filter(s -> s.upstreamSessions().stream().anyMatch(u -> u.matches(upstreamId, subject, sid))).toList();
    }

    @Override
    public void addUpstreamSession(String sessionId, UpstreamSession upstreamSession, Duration timeToLive) {
        Long added = redis.execute(ADD_FIELD, List.of(keys.brokerSession(sessionId)), field(upstreamSession), json(upstreamSession));
        if (Long.valueOf(1).equals(added)) {
            Instant now = clock.instant();
            index(upstreamSession, sessionId, now.plus(timeToLive), now);
        }
    }

    private void index(UpstreamSession upstream, String sessionId, Instant expiresAt, Instant now) {
        ExpiringIndex.add(redis, keys.brokerSessionsFromUpstream(upstream.upstreamId(), "sub", upstream.subject()), sessionId, expiresAt, now);
        if (upstream.sid() != null) {
            ExpiringIndex.add(redis, keys.brokerSessionsFromUpstream(upstream.upstreamId(), "sid", upstream.sid()), sessionId, expiresAt, now);
        }
    }

    private static String field(UpstreamSession upstream) {
        return UPSTREAM + Sha256.base64Url(json(upstream));
    }

    private static String json(UpstreamSession upstream) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upstream", upstream.upstreamId());
        json.put("sub", upstream.subject());
        json.put("sid", upstream.sid());
        return JSONObjectUtils.toJSONString(json);
    }

    private static UpstreamSession upstreamSession(String json) {
        try {
            Map<String, Object> parsed = JSONObjectUtils.parse(json);
            return new UpstreamSession((String) parsed.get("upstream"), (String) parsed.get("sub"), (String) parsed.get("sid"));
        } catch (ParseException e) {
            throw new IllegalStateException("stored upstream session is not JSON", e); // written above, never by anyone else
        }
    }

    @Override
    public List<BrokerSession> findByAccount(String accountId) {
        return ExpiringIndex.live(redis, keys.brokerSessionsOf(accountId), clock.instant()).stream()
                .map(this::find).flatMap(Optional::stream).filter(s -> s.accountId().equals(accountId)).toList();
    }

    @Override
    public Optional<BrokerSession> find(String id) {
        Map<Object, Object> fields = redis.opsForHash().entries(keys.brokerSession(id));
        return fields.isEmpty() ? Optional.empty() : Optional.of(session(fields));
    }

    @Override
    public void addParticipant(String sessionId, String clientId, Duration timeToLive) {
        redis.execute(ADD_FIELD, List.of(keys.brokerSession(sessionId)), APP + clientId, "1");
    }

    @Override
    public Optional<BrokerSession> remove(String id) {
        List<?> flat = redis.execute(REMOVE, List.of(keys.brokerSession(id)));
        if (flat == null || flat.isEmpty()) {
            return Optional.empty();
        }
        Map<Object, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        return Optional.of(session(fields));
    }

    private static BrokerSession session(Map<Object, Object> fields) {
        Set<String> apps = new HashSet<>();
        Set<UpstreamSession> upstreams = new HashSet<>();
        fields.forEach((name, value) -> {
            String field = String.valueOf(name);
            if (field.startsWith(APP)) {
                apps.add(field.substring(APP.length()));
            } else if (field.startsWith(UPSTREAM)) {
                upstreams.add(upstreamSession(String.valueOf(value)));
            }
        });
        return new BrokerSession((String) fields.get("id"), (String) fields.get("account"),
                Instant.parse((String) fields.get("started")), apps, upstreams);
    }
}
