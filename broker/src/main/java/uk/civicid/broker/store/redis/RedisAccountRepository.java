package uk.civicid.broker.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.account.IdentityAlreadyLinkedException;
import uk.civicid.broker.account.LinkedIdentity;

/**
 * Accounts as JSON, with one index key per linked login. Every write is one script over keys sharing the
 * {@code {accounts}} hash tag, so the account and its index change together or not at all.
 */
public class RedisAccountRepository implements AccountRepository {

    /**
     * Compare-and-set. KEYS[1] the account, then the index keys of links to add, then of links to remove.
     * ARGV: account id, expected JSON ('' = must not exist), new JSON, number of links to add.
     * Returns 'ok', 'changed' (retry) or 'taken' (a link to add belongs to another account).
     */
    private static final RedisScript<String> WRITE = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if (current or '') ~= ARGV[2] then return 'changed' end
            local adds = tonumber(ARGV[4])
            for i = 2, adds + 1 do
              local holder = redis.call('GET', KEYS[i])
              if holder and holder ~= ARGV[1] then return 'taken' end
            end
            redis.call('SET', KEYS[1], ARGV[3])
            for i = 2, adds + 1 do redis.call('SET', KEYS[i], ARGV[1]) end
            for i = adds + 2, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
            end
            return 'ok'""", String.class);

    private static final int MAX_ATTEMPTS = 50;

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final JsonMapper json;

    public RedisAccountRepository(StringRedisTemplate redis, RedisKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public Optional<Account> findById(String id) {
        return Optional.ofNullable(redis.opsForValue().get(keys.account(id))).map(value -> json.readValue(value, Account.class));
    }

    @Override
    public List<Account> findByVerifiedEmail(String email) {
        Set<String> ids = redis.opsForSet().members(keys.accountsByEmail(email));
        // The set only points: an account whose address has changed since is not returned.
        return ids == null ? List.of() : ids.stream().map(this::findById).flatMap(Optional::stream)
                .filter(a -> a.emailVerified() && email.equalsIgnoreCase(a.email())).toList();
    }

    @Override
    public List<Account> findByEmail(String email) {
        Set<String> ids = redis.opsForSet().members(keys.accountsByEmail(email));
        return ids == null ? List.of() : ids.stream().map(this::findById).flatMap(Optional::stream)
                .filter(a -> email.equalsIgnoreCase(a.email())).toList();
    }

    /** Every address an account has had, verified or not: the set is checked on read (see the finders). */
    private void indexEmail(Account account) {
        if (account.email() != null) {
            redis.opsForSet().add(keys.accountsByEmail(account.email()), account.id());
        }
    }

    @Override
    public Optional<Account> findByIdentity(LinkedIdentity.IdentityKey key) {
        return Optional.ofNullable(redis.opsForValue().get(keys.identity(key))).flatMap(this::findById)
                // The index is only a pointer: believe it only if the account still holds this link.
                .filter(account -> account.link(key).isPresent());
    }

    @Override
    public Account create(Account account) {
        String result = write(account.id(), "", account, account.links(), List.of());
        if ("changed".equals(result)) {
            throw new IllegalStateException("account id collision");
        }
        indexEmail(account);
        return account;
    }

    @Override
    public Optional<Account> update(String id, UnaryOperator<Account> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String currentJson = redis.opsForValue().get(keys.account(id));
            if (currentJson == null) {
                return Optional.empty();
            }
            Account current = json.readValue(currentJson, Account.class);
            Account next = change.apply(current);
            Set<LinkedIdentity.IdentityKey> before = current.links().stream().map(LinkedIdentity::key).collect(Collectors.toSet());
            Set<LinkedIdentity.IdentityKey> after = next.links().stream().map(LinkedIdentity::key).collect(Collectors.toSet());
            List<LinkedIdentity> added = next.links().stream().filter(l -> !before.contains(l.key())).toList();
            List<LinkedIdentity> removed = current.links().stream().filter(l -> !after.contains(l.key())).toList();
            if (!"changed".equals(write(id, currentJson, next, added, removed))) {
                indexEmail(next);
                return Optional.of(next);
            }
            backOff(attempt);
        }
        throw new IllegalStateException("account " + id + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    /** A short random pause, growing with the attempts, so writers racing for one account stop colliding. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating an account", e);
        }
    }

    private String write(String id, String expectedJson, Account next, List<LinkedIdentity> added, List<LinkedIdentity> removed) {
        List<String> scriptKeys = new ArrayList<>();
        scriptKeys.add(keys.account(id));
        added.forEach(l -> scriptKeys.add(keys.identity(l.key())));
        removed.forEach(l -> scriptKeys.add(keys.identity(l.key())));
        String result = redis.execute(WRITE, scriptKeys, id, expectedJson, json.writeValueAsString(next), String.valueOf(added.size()));
        if ("taken".equals(result)) {
            throw new IdentityAlreadyLinkedException();
        }
        return result;
    }
}
