package uk.civicid.console.apps;

import uk.civicid.console.api.App;
import uk.civicid.console.api.AppKind;

/**
 * The {@code application.yml} an app team pastes into a Spring Boot app (spring-boot-starter-oauth2-client) to
 * sign in through this broker, as the relying-party sample does. The secret is never in it: it comes from the
 * environment.
 */
final class SpringBootSnippet {

    private SpringBootSnippet() {}

    static String of(App app, String issuer) {
        AppKind kind = app.kind();
        StringBuilder yml = new StringBuilder()
                .append("spring:\n")
                .append("  security:\n")
                .append("    oauth2:\n")
                .append("      client:\n")
                .append("        registration:\n")
                .append("          civicid:\n")
                .append("            provider: civicid\n")
                .append("            client-id: ").append(app.clientId()).append('\n');
        if (app.hasSecret()) {
            yml.append("            # The secret shown once in the CivicID console: keep it in your secret store.\n")
                    .append("            client-secret: ${CIVICID_CLIENT_SECRET}\n")
                    .append("            client-authentication-method: ").append(app.tokenEndpointAuthMethod()).append('\n');
        } else if ("none".equals(app.tokenEndpointAuthMethod())) {
            yml.append("            client-authentication-method: none # public: PKCE, no secret\n");
        } else {
            yml.append("            client-authentication-method: ").append(app.tokenEndpointAuthMethod()).append('\n');
        }
        if (kind.signsPeopleIn()) {
            yml.append("            authorization-grant-type: authorization_code\n");
            if (!app.redirectUrisOrEmpty().isEmpty()) {
                yml.append("            redirect-uri: \"").append(app.redirectUrisOrEmpty().get(0)).append("\"\n");
            }
            yml.append("            scope: openid, profile, email\n");
        } else {
            yml.append("            authorization-grant-type: client_credentials\n");
            if (app.scope() != null && !app.scope().isBlank()) {
                yml.append("            scope: ").append(String.join(", ", app.scope().strip().split("\\s+"))).append('\n');
            }
        }
        return yml.append("        provider:\n")
                .append("          civicid:\n")
                .append("            issuer-uri: ").append(issuer).append('\n')
                .toString();
    }
}
