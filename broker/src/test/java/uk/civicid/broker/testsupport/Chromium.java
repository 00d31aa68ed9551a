package uk.civicid.broker.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import uk.civicid.broker.passkey.PasskeyCredentials;

/**
 * Debian's headless Chromium, driven through its own chromedriver (never downloaded: Selenium Manager is not
 * used). Installed by {@code scripts/install-test-tools}; a test fails, not skips, when it is missing.
 */
public final class Chromium {

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** A common phone's CSS viewport. */
    public static final Dimension PHONE = new Dimension(390, 844);

    private Chromium() {
    }

    /**
     * A platform authenticator that keeps discoverable credentials and verifies the user (as a laptop's
     * fingerprint reader would), for passkey tests.
     */
    public static VirtualAuthenticator addPasskeyAuthenticator(ChromeDriver chrome) {
        return chrome.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    /**
     * Signs in at the broker with an upstream login (the upstream's current persona) and adds a passkey on the
     * account page, with a fresh virtual authenticator; returns the passkey, whose key then signs assertions in tests.
     */
    public static PasskeyAssertion registerPasskey(ChromeDriver chrome, TestBroker broker, String brokerUrl, String upstreamId) {
        VirtualAuthenticator authenticator = addPasskeyAuthenticator(chrome);
        try {
            chrome.get(brokerUrl + "/signin/" + upstreamId);
            new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/account"));
            chrome.findElement(By.cssSelector("form[data-passkey-register] button")).click();
            new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> d.getPageSource().contains("The passkey was added"));
            Credential credential = authenticator.getCredentials().get(0);
            CredentialRecord stored = broker.bean(PasskeyCredentials.class).findByCredentialId(new Bytes(credential.getId()));
            return new PasskeyAssertion(credential.getId(), credential.getUserHandle(), credential.getPrivateKey(),
                    stored.isBackupEligible(), stored.isBackupState());
        } finally {
            chrome.removeVirtualAuthenticator(authenticator);
        }
    }

    public static ChromeDriver start(Dimension window) {
        File browser = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!browser.canExecute() || !driver.canExecute()) {
            throw new IllegalStateException("Chromium and chromedriver are needed: run ./scripts/install-test-tools");
        }
        try {
            ChromeOptions options = new ChromeOptions().setBinary(browser).addArguments(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    // Without these Chromium tries to reach Google's services, which this network refuses.
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createTempDirectory("civicid-chromium"),
                    "--window-size=" + window.getWidth() + "," + window.getHeight());
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
            ChromeDriver chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            return chrome;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
