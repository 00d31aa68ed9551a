package uk.civicid.broker.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

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
