package uk.civicid.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.civicid.broker.account.Account;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.account.IdentityAlreadyLinkedException;
import uk.civicid.broker.account.LinkedIdentity;
import uk.civicid.broker.store.memory.MemoryAccountRepository;
import uk.civicid.broker.store.redis.RedisAccountRepository;
import uk.civicid.broker.testsupport.RedisStores;

/** What every account store must do: accounts and their login index change together, and no change is lost. */
abstract class AccountRepositoryContract {

    abstract AccountRepository repository();

    static final Instant AT = Instant.parse("2026-01-01T09:00:00Z");

    static LinkedIdentity login(String issuer, String subject) {
        return new LinkedIdentity(issuer.contains("council") ? "council" : "citizen", issuer, subject, AT, AT);
    }

    static Account account(String id, LinkedIdentity... links) {
        return new Account(id, AT, "Kim Lee", "kim@example.org", true, List.of(links));
    }

    @Test
    void anAccount_isFoundByIdAndByEachLogin() {
        AccountRepository accounts = repository();
        LinkedIdentity council = login("https://council.example", "k-1");
        accounts.create(account("a1", council));
        assertThat(accounts.findById("a1")).contains(account("a1", council));
        assertThat(accounts.findByIdentity(council.key())).contains(account("a1", council));
        assertThat(accounts.findByIdentity(login("https://council.example", "someone-else").key())).isEmpty();
    }

    @Test
    void anAccount_isFoundByEmail_verifiedOrNot_andKeepsBeingDisabled() {
        AccountRepository accounts = repository();
        accounts.create(new Account("e1", AT, "Ann", "Ann.Other@example.org", false, List.of(login("https://council.example", "e-1"))));
        assertThat(accounts.findByEmail("ann.other@example.org")).extracting(Account::id).containsExactly("e1");
        assertThat(accounts.findByVerifiedEmail("ann.other@example.org")).isEmpty();
        accounts.update("e1", a -> a.withDisabledAt(AT));
        assertThat(accounts.findById("e1").orElseThrow().disabledAt()).isEqualTo(AT);
        accounts.update("e1", a -> a.signedInWith(login("https://council.example", "e-1").key(),
                new Account.Profile(null, "ann@example.org", true), AT));
        assertThat(accounts.findById("e1").orElseThrow().disabled()).isTrue();
        assertThat(accounts.findByEmail("ann.other@example.org")).isEmpty();
        assertThat(accounts.findByEmail("ann@example.org")).extracting(Account::id).containsExactly("e1");
    }

    @Test
    void creatingWithALoginHeldByAnotherAccount_isRefused_andWritesNothing() {
        AccountRepository accounts = repository();
        LinkedIdentity council = login("https://council.example", "k-2");
        accounts.create(account("a2", council));
        assertThatThrownBy(() -> accounts.create(account("a3", login("https://citizen.example", "c-3"), council)))
                .isInstanceOf(IdentityAlreadyLinkedException.class);
        assertThat(accounts.findById("a3")).isEmpty();
        assertThat(accounts.findByIdentity(login("https://citizen.example", "c-3").key())).isEmpty();
        assertThat(accounts.findByIdentity(council.key()).orElseThrow().id()).isEqualTo("a2");
    }

    @Test
    void linkingAndUnlinking_moveTheIndexWithTheAccount() {
        AccountRepository accounts = repository();
        LinkedIdentity council = login("https://council.example", "k-4");
        LinkedIdentity citizen = login("https://citizen.example", "c-4");
        accounts.create(account("a4", council));
        accounts.update("a4", a -> a.withLink(citizen));
        assertThat(accounts.findByIdentity(citizen.key()).orElseThrow().id()).isEqualTo("a4");
        accounts.update("a4", a -> a.withoutLink(council.key()));
        assertThat(accounts.findByIdentity(council.key())).isEmpty();
        assertThat(accounts.findById("a4").orElseThrow().links()).containsExactly(citizen);
    }

    @Test
    void linkingALoginOfAnotherAccount_isRefused_andChangesNeither() {
        AccountRepository accounts = repository();
        LinkedIdentity theirs = login("https://citizen.example", "c-5");
        accounts.create(account("a5", login("https://council.example", "k-5")));
        accounts.create(account("a6", theirs));
        assertThatThrownBy(() -> accounts.update("a5", a -> a.withLink(theirs))).isInstanceOf(IdentityAlreadyLinkedException.class);
        assertThat(accounts.findById("a5").orElseThrow().links()).hasSize(1);
        assertThat(accounts.findByIdentity(theirs.key()).orElseThrow().id()).isEqualTo("a6");
    }

    /** Found by verified email for passkey hints only; two accounts may share an address and both are returned. */
    @Test
    void accounts_areFoundByVerifiedEmail_ignoringCase_andOnlyWhileTheyHaveIt() {
        AccountRepository accounts = repository();
        String email = "shared-" + System.nanoTime() + "@example.org";
        accounts.create(new Account("e1", AT, "One", email, true, List.of(login("https://council.example", "e-1"))));
        accounts.create(new Account("e2", AT, "Two", email.toUpperCase(), true, List.of(login("https://citizen.example", "e-2"))));
        accounts.create(new Account("e3", AT, "Unverified", email, false, List.of(login("https://citizen.example", "e-3"))));
        assertThat(accounts.findByVerifiedEmail(email)).extracting(Account::id).containsExactlyInAnyOrder("e1", "e2");
        accounts.update("e1", a -> new Account(a.id(), a.createdAt(), a.name(), "new-" + email, true, a.links()));
        assertThat(accounts.findByVerifiedEmail(email)).extracting(Account::id).containsExactly("e2");
    }

    @Test
    void updatingAMissingAccount_findsNothing() {
        assertThat(repository().update("nobody", a -> a)).isEmpty();
    }

    /** Sign-ins on several nodes at once each record their change; compare-and-set loses none. */
    @Test
    void concurrentUpdates_areAllApplied() throws Exception {
        AccountRepository accounts = repository();
        accounts.create(account("a7", login("https://council.example", "k-7")));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> links = IntStream.range(0, 24).<Callable<Void>>mapToObj(i -> () -> {
                accounts.update("a7", a -> a.withLink(login("https://citizen.example", "c7-" + i)));
                return null;
            }).toList();
            for (Future<Void> link : threads.invokeAll(links)) {
                link.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(accounts.findById("a7").orElseThrow().links()).hasSize(25);
        IntStream.range(0, 24).forEach(i ->
                assertThat(accounts.findByIdentity(login("https://citizen.example", "c7-" + i).key())).isPresent());
    }
}

class MemoryAccountRepositoryTest extends AccountRepositoryContract {
    private final AccountRepository repository = new MemoryAccountRepository();

    @Override
    AccountRepository repository() {
        return repository;
    }
}

class RedisAccountRepositoryTest extends AccountRepositoryContract {
    @Override
    AccountRepository repository() {
        return new RedisAccountRepository(RedisStores.template(), RedisStores.freshKeys(), RedisStores.json());
    }
}
