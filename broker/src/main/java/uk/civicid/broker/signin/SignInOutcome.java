package uk.civicid.broker.signin;

import uk.civicid.broker.federation.UpstreamSignInException.Reason;

/** What one sign-in check, and so the whole list, decides about a browser's sign-in for an app's request. */
public sealed interface SignInOutcome {

    /** This check is satisfied; the next one decides. When every check says so, the sign-in serves the request. */
    record Continue() implements SignInOutcome {}

    /** The person must add a passkey to their sign-in (or sign in with one): the passkey page. */
    record StepUp() implements SignInOutcome {}

    /** The sign-in cannot serve this request; the person signs in (again): the choice of login. */
    record ChooseLogin() implements SignInOutcome {}

    /** No sign-in can serve this request; the reason picks the page the person sees. */
    record Refuse(Reason reason) implements SignInOutcome {}

    SignInOutcome CONTINUE = new Continue();
    SignInOutcome STEP_UP = new StepUp();
    SignInOutcome CHOOSE_LOGIN = new ChooseLogin();
}
