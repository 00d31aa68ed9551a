package uk.civicid.broker.federation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What happens with a validated upstream identity: the account capability signs the person in or links it. */
public interface UpstreamSignInHandler {

    /** Returns the URL to send the browser to next. */
    String onIdentity(SignInTransaction transaction, UpstreamIdentity identity, HttpServletRequest request,
                      HttpServletResponse response);
}
