package uk.civicid.broker.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Optional;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import uk.civicid.broker.federation.SignInFailures;
import uk.civicid.broker.federation.UpstreamSignInException;

/**
 * Where a person goes when the upstream answers the sign-in with an error they or the app can act on (they cancelled,
 * it is unavailable for now, it needs them to sign in): the app's redirect URI with that OAuth error, when the app fixed
 * the upstream with {@code idp_hint} (it offers the person its other ways); otherwise back to the choice of login,
 * saying what happened. Each is audited as a failed sign-in.
 */
@Component
public class UpstreamRefusals {

    private static final String FOR_APP = "civicid.upstreamRefusal.forApp";
    private static final String FOR_PERSON = "civicid.upstreamRefusal.forPerson";

    /** The upstream's error, and the authorization request ({@link SignInRequest#key()}) it answers. */
    record Refusal(String upstreamId, String error, String requestKey) implements Serializable {}

    private final RequestCache requestCache;
    private final SignInFailures failures;

    public UpstreamRefusals(RequestCache requestCache, SignInFailures failures) {
        this.requestCache = requestCache;
        this.failures = failures;
    }

    /** Where to send the browser after the upstream's error. */
    String redirectAfter(String upstreamId, UpstreamSignInException refused, HttpServletRequest request, HttpServletResponse response) {
        failures.record(null, upstreamId, refused);
        Optional<SignInRequest> pending = SignInRequest.saved(requestCache, request, response);
        SavedRequest saved = requestCache.getRequest(request, response);
        if (pending.isPresent() && saved != null && upstreamId.equals(pending.get().idpHint())) {
            request.getSession().setAttribute(FOR_APP, new Refusal(upstreamId, refused.upstreamError(), pending.get().key()));
            return saved.getRedirectUrl(); // the authorization request again, which answers the app with the error
        }
        request.getSession().setAttribute(FOR_PERSON, new Refusal(upstreamId, refused.upstreamError(), null));
        return "/signin";
    }

    /** The error to answer this authorization request with at the app, once: the upstream it fixed refused the sign-in. */
    public static Optional<String> forApp(HttpServletRequest request, SignInRequest signIn) {
        return take(request, FOR_APP).filter(r -> r.requestKey().equals(signIn.key())).map(Refusal::error);
    }

    /** What to tell the person on the choice of login, once. */
    static Optional<Refusal> forPerson(HttpServletRequest request) {
        return take(request, FOR_PERSON);
    }

    private static Optional<Refusal> take(HttpServletRequest request, String name) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(name) instanceof Refusal refusal)) {
            return Optional.empty();
        }
        session.removeAttribute(name);
        return Optional.of(refusal);
    }
}
