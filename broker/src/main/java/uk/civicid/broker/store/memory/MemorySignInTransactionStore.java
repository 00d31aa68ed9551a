package uk.civicid.broker.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import uk.civicid.broker.federation.SignInTransaction;
import uk.civicid.broker.federation.SignInTransactionStore;

public class MemorySignInTransactionStore implements SignInTransactionStore {

    private final ExpiringMap<String, SignInTransaction> transactions;

    public MemorySignInTransactionStore(Clock clock) {
        this.transactions = new ExpiringMap<>(clock);
    }

    @Override
    public void save(SignInTransaction transaction, Duration timeToLive) {
        transactions.put(transaction.state(), transaction, timeToLive);
    }

    @Override
    public Optional<SignInTransaction> consume(String state) {
        return transactions.remove(state);
    }
}
