package uk.civicid.broker.federation;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import uk.civicid.broker.Sha256;
import uk.civicid.broker.config.CivicIdProperties;
import uk.civicid.broker.federation.SignInTransaction.Intent;
import uk.civicid.broker.federation.UpstreamSignInException.Reason;
import uk.civicid.broker.session.BrokerSessions;

/** Starts sign-ins at upstreams and completes them from their callbacks. */
@Component
public class SignIns {

    private final SignInTransactionStore transactions;
    private final CivicIdProperties properties;
    private final Clock clock;

    public SignIns(SignInTransactionStore transactions, CivicIdProperties properties, Clock clock) {
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records a new transaction and returns where to send the browser. */
    public URI start(Upstreams.Upstream upstream, Intent intent, String accountId, SignInHints hints, HttpServletRequest request) {
        SignInTransaction tx = new SignInTransaction(BrokerSessions.randomId(), upstream.id(), BrokerSessions.randomId(),
                BrokerSessions.randomId() + BrokerSessions.randomId(), intent, accountId,
                Sha256.base64Url(request.getSession().getId()), clock.instant(),
                hints.identityLevel() != null && upstream.login().provesIdentity(hints.identityLevel()) ? hints.identityLevel() : null);
        // The broker's pages are in English and Welsh: the upstream's should be in the same one (GOV.UK One Login has both).
        String language = "cy".equals(LocaleContextHolder.getLocale().getLanguage()) ? "cy" : "en";
        URI target = upstream.connector().authorizationRedirect(tx, callbackUri(upstream.id()), hints.inLanguage(language));
        transactions.save(tx, properties.sessions().signInTimeout());
        return target;
    }

    /** Consumes the transaction the callback names, checks it belongs here, and validates the upstream's answer. */
    public Completed complete(Upstreams.Upstream upstream, Map<String, String> params, HttpServletRequest request) {
        String state = params.get("state");
        SignInTransaction tx = (state == null ? java.util.Optional.<SignInTransaction>empty() : transactions.consume(state))
                .orElseThrow(() -> new UpstreamSignInException(Reason.EXPIRED, "unknown, used or expired state"));
        if (!tx.upstreamId().equals(upstream.id())) {
            throw new UpstreamSignInException(Reason.INVALID_RESPONSE, "callback for another upstream than started");
        }
        if (request.getSession(false) == null || !tx.browserBinding().equals(Sha256.base64Url(request.getSession().getId()))) {
            throw new UpstreamSignInException(Reason.EXPIRED, "callback in another browser than the sign-in started in");
        }
        return new Completed(tx, upstream.connector().complete(tx, callbackUri(upstream.id()), params));
    }

    public record Completed(SignInTransaction transaction, UpstreamIdentity identity) {}

    private URI callbackUri(String upstreamId) {
        return UpstreamRegistration.of(properties.issuer(), upstreamId).redirectUri();
    }

}
