package dev.milotune.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium) against this process on its embedded defaults: the empty list; two real studies on the
 * committed Fashion-MNIST fixture, one on a MILO plan (followed live from its page while the plan
 * computes, until it completes) and one on random subsets; the leaderboard, plan and comparison
 * checked against the REST API; charts drawn; sorting by mouse and keyboard; a missing study, an
 * unreachable server and a missing API token (the page is opened with the test profile's admin
 * token in a {@code #token=} link, and later given it in the header's box); no console error and
 * no request to any host but this one. Screenshots go to target/screenshots/.
 */
@QuarkusTest
@Tag("service")
@Tag("isolated")
@TestProfile(WebPageTest.FreshApplication.class)
class WebPageTest {

    /**
     * An application start of its own, hence a data dir of its own: the list starts empty. On a
     * free port, as other builds on the same machine may hold the default test port.
     */
    public static class FreshApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
        }
    }

    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    static final Path CHROMIUM = Path.of(System.getProperty("webtest.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("webtest.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final ObjectMapper JSON = new ObjectMapper();
    /** The test profile's admin token ({@code %test.milotune.auth.admin-token}). */
    static final String TOKEN = "test-admin-token-0123456789abcdef0123456789";

    /** The end-to-end test's fixture study under another name and subset strategy. */
    static String spec(String name, String strategy) {
        return dev.milotune.orchestration.StudyEndToEndTest.SPEC.replace("e2e-fixture", name)
                .replace("\"strategy\": \"milo\"", "\"strategy\": \"" + strategy + "\"");
    }


    static final Logger LOG = Logger.getLogger(WebPageTest.class);
    static final long START = System.nanoTime();

    static ChromeDriver driver;
    static WebDriverWait wait;
    static final List<LogEntry> performance = new ArrayList<>();

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws IOException {
        // Fails, never skips: a page nobody looked at is not tested.
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The web page tests need headless Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); install them with: " + INSTALL);
        }
        Files.createDirectories(SCREENSHOTS);
        step("starting chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // Live refreshes replace elements: a wait that meets a replaced one looks again.
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        step("chromium started");
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void thePageFollowsRealStudiesAndComparesThem() throws IOException {
        // Every response of the page carries a policy that lets the browser load from this host only.
        given().get(root.toString()).then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"));

        step("browser up, page checks start");
        // The page takes its token from a /#token= link, keeps it for the tab and takes it out of the address bar.
        driver.get(root + "#token=" + TOKEN);
        wait.until(d -> !d.getCurrentUrl().contains("token"));
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('milotune.token')"))
                .isEqualTo(TOKEN);
        // No study yet: the list says how to submit one.
        WebElement empty = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(empty.getText()).contains("No studies yet").contains("/api/v1/studies").contains("fixture-fashion-mnist");
        screenshot("01-empty-list");

        // The MILO study, opened at once (its plan computes), turns COMPLETED on the page through its event stream.
        String milo = submit("web-milo", "milo");
        driver.get(root + "#/studies/" + milo);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("study-title"), "web-milo"));
        wait.until(d -> d.findElement(By.id("live")).getText().matches("Live( · .*)?"));
        // While the page says the study plans, the plan's progress stands above the leaderboard.
        // (Whether the page gets to see it depends on how fast the plan is; the log says which case ran.)
        String planProgress = wait.until(d -> {
            List<WebElement> shown = d.findElements(By.cssSelector("#plan + #leaderboard-section"));
            List<WebElement> progress = d.findElements(By.id("plan-progress"));
            if (!shown.isEmpty() && !progress.isEmpty()) {
                return progress.get(0).getText();
            }
            return d.findElement(By.cssSelector("#study-title .badge")).getText().equals("planning") ? null : "";
        });
        if (!planProgress.isEmpty()) {
            step("study page shows the plan computing");
            assertThat(planProgress).contains("Computing the MILO plan for 30 %");
        } else {
            step("study page opened after its plan was ready: plan progress not seen");
        }
        screenshot("02-study-planning");
        String random = submit("web-random", "random");
        new WebDriverWait(driver, Duration.ofMinutes(5)).until(ExpectedConditions.textToBe(
                By.cssSelector("#study-title .badge"), "completed"));
        given().get("/api/v1/studies/" + milo).then().body("state", equalTo("COMPLETED"));
        wait.until(d -> !d.findElement(By.id("final-accuracy")).getText().equals("—"));
        assertThat(driver.findElement(By.id("live")).getText()).contains("completed");

        step("study completed on the page");
        // Leaderboard rows as the REST API ranks them.
        JsonPath board = json(given().get("/api/v1/studies/" + milo + "/leaderboard").then().statusCode(200).extract().asString());
        List<Map<String, Object>> expected = board.getList("trial");
        List<WebElement> boardRows = rows("#leaderboard tbody tr");
        assertThat(boardRows).hasSize(expected.size()).hasSize(6);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> trial = expected.get(i);
            WebElement row = boardRows.get(i);
            assertThat(row.getAttribute("data-trial-id")).isEqualTo(trial.get("id"));
            assertThat(cell(row, "rank").getText()).isEqualTo(String.valueOf(i + 1));
            assertThat(cell(row, "number").getText()).startsWith("#" + trial.get("number"));
            assertThat(cell(row, "state").getText()).isEqualToIgnoringCase((String) trial.get("state"));
            assertThat(cell(row, "rung").getText()).isEqualTo(String.valueOf(trial.get("rung")));
            assertThat(cell(row, "epochs").getText()).isEqualTo(String.valueOf(trial.get("epochsDone")));
            assertThat(Double.parseDouble(cell(row, "objective").getAttribute("data-value")))
                    .isEqualTo(((Number) trial.get("bestValue")).doubleValue());
            assertThat(cell(row, "config").getText()).contains("hidden=" + ((Map<?, ?>) trial.get("configuration")).get("hidden"));
            assertThat(cell(row, "device").getText()).isEqualTo(trial.get("device"));
        }
        assertThat(boardRows).anySatisfy(r -> assertThat(r.getAttribute("data-state")).isEqualTo("PRUNED"));
        assertThat(cell(boardRows.get(0), "test").getText()).endsWith("%");

        // Charts drawn with data: canvases with painted pixels, as many points as the API has reports.
        // One point per epoch a trial trained (search trials and the retrain).
        int reports = given().get("/api/v1/studies/" + milo + "/trials").then().extract().jsonPath()
                .<Integer>getList("trial.epochsDone").stream().mapToInt(Integer::intValue).sum();
        assertChartDrawn("curves", reports);
        assertChartDrawn("parallel", 6);

        // The plan: its fraction, per-class budgets (ten classes) and pre-processing time.
        JsonPath plans = given().get("/api/v1/studies/" + milo + "/plans").then().statusCode(200).extract().jsonPath();
        assertThat(plans.getList("plans")).hasSize(1);
        WebElement plan = driver.findElement(By.cssSelector("#plan .plan"));
        assertThat(plan.getAttribute("data-plan-id")).isEqualTo(plans.getString("plans[0].id"));
        assertThat(plan.getText()).contains("30 %").contains("pixel-pca").containsIgnoringCase("Pre-processing time")
                .contains("220 of 720 training items");
        assertThat(plan.findElements(By.cssSelector("table.budgets tbody tr"))).hasSize(plans.getList("plans[0].classes").size())
                .hasSize(10);
        fullPageScreenshot("03-study-completed");

        step("leaderboard, charts and plan checked");
        // Sorting: by objective with the mouse (best first), by trial number with the keyboard.
        driver.findElement(By.cssSelector("button[data-sort-key='objective']")).click();
        assertThat(driver.findElement(By.cssSelector("th:has(button[data-sort-key='objective'])")).getAttribute("aria-sort"))
                .isEqualTo("descending");
        List<Double> objectives = rows("#leaderboard tbody tr").stream()
                .map(r -> Double.parseDouble(cell(r, "objective").getAttribute("data-value"))).toList();
        assertThat(objectives).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        WebElement byNumber = driver.findElement(By.cssSelector("button[data-sort-key='number']"));
        byNumber.sendKeys(Keys.ENTER);
        assertThat(driver.switchTo().activeElement().getAttribute("data-sort-key")).isEqualTo("number");
        List<Integer> numbers = rows("#leaderboard tbody tr").stream()
                .map(r -> Integer.parseInt(r.getAttribute("data-trial-number"))).toList();
        assertThat(numbers).isSorted().hasSize(6);
        screenshot("04-study-sorted");

        step("sorting checked");
        // The list, newest first as the API lists them. The other study reaches COMPLETED there without a
        // reload (the list refetches while a study is active); it has often finished by now, so this
        // does not prove the list's own refresh: the log says which case ran.
        driver.findElement(By.cssSelector("a[data-nav='studies']")).click();
        wait.until(d -> rows("#studies-table tbody tr").size() == 2);
        JsonPath listed = given().get("/api/v1/studies").then().extract().jsonPath();
        assertThat(rows("#studies-table tbody tr")).extracting(r -> r.getAttribute("data-study-id"))
                .containsExactlyElementsOf(listed.getList("id"));
        assertThat(driver.findElement(By.cssSelector("tr[data-study-id='" + milo + "']")).getText())
                .contains("web-milo").contains("completed").contains("fixture-fashion-mnist").contains("milo 30 %")
                .contains("6/6 finished");
        step("list shows both studies, the other one " + listed.getString("find { it.id == '" + random + "' }.state"));
        screenshot("05-list");
        new WebDriverWait(driver, Duration.ofMinutes(4)).until(d -> "COMPLETED".equals(
                d.findElement(By.cssSelector("tr[data-study-id='" + random + "']")).getAttribute("data-state")));
        given().get("/api/v1/studies/" + random).then().body("state", equalTo("COMPLETED"));

        // The comparison of the two studies, picked on the list with the keyboard.
        for (String id : List.of(random, milo)) {
            driver.findElement(By.cssSelector("tr[data-study-id='" + id + "'] input[type=checkbox]")).sendKeys(Keys.SPACE);
        }
        WebElement compare = driver.findElement(By.id("compare-selected"));
        assertThat(compare.isEnabled()).isTrue();
        compare.click();
        wait.until(d -> rows("#compare-table tbody tr").size() == 2);
        JsonPath comparison = json(given().get("/api/v1/compare?studies=" + random + "," + milo)
                .then().statusCode(200).extract().asString());
        for (WebElement row : rows("#compare-table tbody tr")) {
            String id = row.getAttribute("data-study-id");
            Map<String, Object> costs = comparison.getMap("studies.find { it.studyId == '" + id + "' }");
            String shown = row.findElement(By.cssSelector("[data-col='accuracy']")).getText();
            assertThat(Double.parseDouble(shown.replace("%", "").trim()) / 100)
                    .isCloseTo(((Number) costs.get("finalTestAccuracy")).doubleValue(), org.assertj.core.data.Offset.offset(0.0006));
        }
        assertThat(driver.findElement(By.cssSelector("#compare-table tr.baseline [data-col='speedup']")).getText()).isEqualTo("1.00×");
        assertChartDrawn("compare-chart", 2);
        // Another baseline, chosen on the page.
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("baseline"))).selectByValue(milo);
        driver.findElement(By.id("compare-go")).click();
        wait.until(d -> d.findElement(By.cssSelector("#compare-table tr.baseline")).getAttribute("data-study-id").equals(milo));
        assertThat(driver.getCurrentUrl()).contains("baseline=" + milo);
        fullPageScreenshot("06-compare");
        assertThat(driver.findElement(By.id("swagger-link")).getAttribute("href")).endsWith("/q/swagger-ui/");

        step("comparison checked");
        // So far: no error in the console, and not one request to another host.
        assertNoConsoleErrors();
        assertOnlyOwnHost();

        step("console and hosts checked");
        // A study that does not exist, and a server that does not answer, each say what to do.
        driver.get(root + "#/studies/no-such-study");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Study not found"));
        driver.get(root.toString());
        wait.until(d -> rows("#studies-table tbody tr").size() == 2);
        driver.setNetworkConditions(offline(true));
        driver.get(root + "#/compare");
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
        assertThat(banner.getText()).contains("Cannot reach the milotune server").contains("Trying again");
        screenshot("07-unreachable");
        driver.setNetworkConditions(offline(false));
        banner.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        wait.until(d -> d.findElements(By.cssSelector(".pick-list li")).size() == 2);
        assertOnlyOwnHost();

        step("missing study and unreachable server checked");
        // Without a token the page says where to get one; a token pasted into the header's box loads the view.
        ((JavascriptExecutor) driver).executeScript("sessionStorage.removeItem('milotune.token')");
        driver.navigate().refresh();
        WebElement needsToken = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
        wait.until(ExpectedConditions.textToBePresentInElement(needsToken, "This page needs an API token"));
        assertThat(needsToken.getText()).contains(".milotune/admin-token");
        assertThat(driver.findElements(By.cssSelector(".pick-list li"))).isEmpty();
        screenshot("08-token-needed");
        WebElement tokenInput = driver.findElement(By.id("token-input"));
        assertThat(tokenInput.getAttribute("type")).isEqualTo("password");
        tokenInput.sendKeys(TOKEN);
        driver.findElement(By.id("token-use")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        wait.until(d -> d.findElements(By.cssSelector(".pick-list li")).size() == 2);
        assertThat(tokenInput.getAttribute("value")).isEmpty();
        assertOnlyOwnHost();
        step("done");
    }

    /** Numbers as doubles, as the page gets them (JsonPath's default is float). */
    private static JsonPath json(String body) {
        return new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void step(String what) {
        LOG.infof("web page test at %.1f s: %s", (System.nanoTime() - START) / 1e9, what);
    }

    private String submit(String name, String strategy) {
        return given().contentType(ContentType.JSON).body(spec(name, strategy)).post("/api/v1/studies")
                .then().statusCode(201).extract().path("id");
    }

    private static List<WebElement> rows(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    private static WebElement cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col='" + column + "']"));
    }

    /** The chart's canvas exists, is painted (non-transparent pixels), and draws as many points as expected. */
    private static void assertChartDrawn(String id, int points) {
        WebElement chart = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + id + " canvas")));
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(driver.findElement(By.id(id)).getAttribute("data-points")).isEqualTo(String.valueOf(points));
        Number painted = (Number) ((JavascriptExecutor) driver).executeScript("""
                const c = arguments[0];
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; }
                return n;""", chart);
        assertThat(painted.longValue()).as("painted pixels of #%s", id).isGreaterThan(2000);
    }

    private static ChromiumNetworkConditions offline(boolean offline) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(offline);
        return conditions;
    }

    private void assertNoConsoleErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    /** Every request the browser sent (Chrome's performance log) went to this server. */
    private void assertOnlyOwnHost() throws IOException {
        performance.addAll(driver.manage().logs().get(LogType.PERFORMANCE).getAll());
        String own = root.getProtocol() + "://" + root.getAuthority() + "/";
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : performance) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        assertThat(urls).as("requests of the page").isNotEmpty()
                .anySatisfy(u -> assertThat(u).contains("/webjars/echarts/"))
                .anySatisfy(u -> assertThat(u).contains("/events"))
                .allSatisfy(u -> assertThat(u).satisfiesAnyOf(
                        v -> assertThat(v).startsWith(own),
                        v -> assertThat(URI.create(v).getScheme()).isIn("data", "blob")));
    }

    private static void screenshot(String name) throws IOException {
        Path file = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page: the window grows to the page's height for the shot, then shrinks back. */
    private static void fullPageScreenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 6000)));
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }
}
