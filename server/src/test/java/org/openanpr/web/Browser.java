package org.openanpr.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless chromium driven by Debian's chromedriver (never a downloaded one: Selenium Manager is not
 * asked), with the page's console kept so that tests can fail on errors, and full-page screenshots at a desktop and
 * a phone width under {@code server/target/screenshots/}.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    enum Size {
        DESKTOP(1366, 900, false), PHONE(390, 844, true);

        final int width;
        final int height;
        final boolean mobile;

        Size(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    final ChromeDriver driver;
    final String baseUrl;
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /** Skips the calling test class (an assumption) when chromium is not installed; ./anpr test installs it. */
    static void assumeAvailable() {
        assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    }

    static Browser open(String baseUrl, String language) {
        assumeAvailable();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--disable-extensions",
                "--window-size=1366,900", "--lang=" + language, "--autoplay-policy=no-user-gesture-required",
                "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Browser b = new Browser(driver, baseUrl);
        b.size(Size.DESKTOP);
        return b;
    }

    void size(Size size) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.width, "height", size.height,
                "deviceScaleFactor", 1, "mobile", size.mobile));
    }

    void go(String hash) {
        driver.get(baseUrl + "/" + hash);
    }

    /** A wait whose timeout message tells what the page showed and said. */
    WebDriverWait waiting(Duration d) {
        WebDriverWait w = new WebDriverWait(driver, d) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                String text;
                try {
                    text = mainText() + "; console: " + consoleMessages();
                } catch (RuntimeException e) {
                    text = "(page unreadable: " + e.getMessage() + ")";
                }
                return super.timeoutException(message + "; the page showed: " + text, lastException);
            }
        };
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    WebElement await(By by) {
        return waiting(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void awaitGone(By by) {
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Logs in through the login form and waits for the menu. */
    void login(String username, String password) {
        go("#/login");
        WebElement user = await(By.id("login-form")).findElement(By.name("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        await(By.cssSelector("#nav a"));
        await(By.cssSelector("main[data-page]"));
    }

    void logout() {
        driver.findElement(By.id("logout")).click();
        await(By.id("login-form"));
    }

    /** Opens a page by its hash route and waits until it has rendered and its requests have settled. */
    void openPage(String page) {
        js("document.getElementById('main').removeAttribute('data-page')");
        js("if (location.hash === arguments[0]) location.reload(); else location.hash = arguments[0];", "#/" + page);
        try {
            waiting(Duration.ofSeconds(15)).until(d -> page.split("/")[0].equals(
                    js("return document.getElementById('main').dataset.page")));
            waiting(Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(js(
                    "return document.body.classList.contains('ready') && document.querySelectorAll('[aria-busy=true]').length === 0"
                            + " && document.getElementById('main').childElementCount > 0")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page " + page + " did not open; at " + driver.getCurrentUrl() + " main says: "
                    + mainText() + "; console: " + consoleMessages(), e);
        }
        settle();
    }

    /** Gives pending fetches and map tiles a moment. */
    void settle() {
        // Two frames (a resize's redraws and the layout are done), then a short pause for what the page fetches next:
        // a fixed 700 ms here, before every screenshot and after every page opened, took minutes of the suite.
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 200)));");
    }

    String mainText() {
        return driver.findElement(By.id("main")).getText();
    }

    /** A full-page screenshot at the given size, saved as target/screenshots/{name}-{desktop|phone}.png. */
    Path screenshot(String name, Size size) {
        size(size);
        js("window.dispatchEvent(new Event('resize'))");
        settle();
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        double height = Math.min(8000, ((Number) content.get("height")).doubleValue());
        double width = ((Number) content.get("width")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = SCREENSHOTS.resolve(name + "-" + size.name().toLowerCase() + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(width).as("page %s at %s is no wider than the screen (nothing cut off at the side)", name, size)
                .isLessThanOrEqualTo(size.width + 1);
        size(Size.DESKTOP);
        return file;
    }

    /** The console messages since the last call. */
    List<String> consoleMessages() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER))
            console.add(e.getLevel() + " " + e.getMessage());
        List<String> all = List.copyOf(console);
        console.clear();
        return all;
    }

    /** Fails on any console error (SEVERE): failed requests, script errors, Content-Security-Policy violations. */
    void assertNoConsoleErrors(String where) {
        List<String> severe = consoleMessages().stream().filter(m -> m.startsWith("SEVERE")).toList();
        assertThat(severe).as("console errors on %s", where).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
