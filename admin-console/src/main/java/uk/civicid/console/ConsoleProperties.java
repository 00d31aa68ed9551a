package uk.civicid.console;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's configuration ({@code console.*} in {@code console.yml}; each has an environment variable).
 *
 * @param brokerIssuer  the broker's issuer, exactly as in its tokens' {@code iss}; the admin API is under it
 * @param clientId      the console's client id at the broker
 * @param clientSecret  the console's client secret (from the environment, never from a file in the repository)
 * @param publicBaseUrl where people reach the console: its redirect URI and post-logout URI are made from it, and
 *                      an {@code https} address makes the session cookie secure
 * @param port          the port the console listens on
 * @param passkeyAcr    the {@code acr} asked for when the admin API wants a passkey sign-in and did not say which
 * @param helpContact   whom people without access should ask (shown on the "no access" page), e.g. an email address
 */
@Validated
@ConfigurationProperties("console")
public record ConsoleProperties(
        @NotNull URI brokerIssuer,
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @NotNull URI publicBaseUrl,
        @DefaultValue("9100") @Min(0) @Max(65535) int port,
        @DefaultValue("http://eidas.europa.eu/LoA/high") @NotBlank String passkeyAcr,
        @DefaultValue("") String helpContact) {

    /** The broker's issuer with no trailing slash, to which paths are appended. */
    public String broker() {
        return brokerIssuer.toString().replaceAll("/$", "");
    }

    public String publicBase() {
        return publicBaseUrl.toString().replaceAll("/$", "");
    }

    public boolean secureCookies() {
        return "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    }
}
