package uk.civicid.broker.client;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import uk.civicid.broker.account.AccountRepository;
import uk.civicid.broker.audit.Audit;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.Upstreams;

/** The apps the authorization server knows (configured, then registered) and their rules. */
@Configuration(proxyBeanMethods = false)
public class ClientConfiguration {

    @Bean
    ClientCatalogue registeredClientRepository(CivicIdProperties properties, AppRepository apps) {
        return new ClientCatalogue(ConfiguredClients.from(properties), apps, properties.tokens());
    }

    @Bean
    ClientAssertionKeys clientAssertionKeys(ClientAssertionIds used, Clock clock) {
        return new ClientAssertionKeys(used, clock);
    }

    @Bean
    AppMetadataRules appMetadataRules(CivicIdProperties properties, Upstreams upstreams) {
        String pairwiseSecret = properties.pairwiseSecret();
        return new AppMetadataRules(id -> upstreams.find(id).isPresent(), pairwiseSecret != null && pairwiseSecret.length() >= 32);
    }

    @Bean
    Apps apps(AppRepository apps, InitialAccessTokenRepository initialAccessTokens, ClientCatalogue catalogue, AppMetadataRules rules,
              @Qualifier("clientSecretEncoder") PasswordEncoder secrets, AccountRepository accounts, Audit audit, Clock clock) {
        return new Apps(apps, initialAccessTokens, catalogue, rules, secrets, accounts, audit, clock);
    }
}
