package io.streamtrain.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's own Chromium and chromedriver (Debian packages {@code chromium} and {@code chromium-driver}), driven
 * headless with a fresh profile and without any download. Outside CI a machine without them skips the browser test
 * with a message saying what to install; in CI ({@code CI=true}) their absence fails it.
 */
final class SystemChromium {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final String MISSING = "the dashboard's browser test needs Chromium and its driver "
            + "(Debian/Ubuntu: apt-get install chromium chromium-driver); .ci/run installs them";

    private SystemChromium() {
    }

    /** A headless Chromium with a fresh profile in {@code profile}; skips or fails the test when there is none. */
    static ChromeDriver start(Path profile) {
        Optional<Path> browser = firstExisting(BROWSERS);
        Optional<Path> driver = firstExisting(DRIVERS);
        if (browser.isEmpty() || driver.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + MISSING);
            }
            Assumptions.abort("skipped: " + MISSING);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> firstExisting(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
