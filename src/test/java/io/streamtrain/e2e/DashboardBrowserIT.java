package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.launcher.demo.DemoPipeline;
import io.streamtrain.launcher.demo.DemoProducer;
import io.streamtrain.launcher.demo.DemoTraffic;
import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, fed by a running pipeline on the embedded broker with the demo's
 * producer: the overview shows a current model version and per-scorer versions, the live feed receives events, the
 * model page lists versions with a chart and shows the version the pipeline is pinned to as pinned, the drift page shows
 * the scorer's PSI per feature and the served model's test-split accuracy and moves on to newer reports, and
 * {@code /metrics} carries streamtrain's own meters and the Kafka clients'. The overview charts the rates over time,
 * links the scrape endpoint apart from the pages and serves its icon; a rollback and a pin reach the live feed; no
 * page is wider than the 1400 px window. Screenshots are kept in {@code target/screenshots/}.
 */
class DashboardBrowserIT {

    private static final Duration LIVE_DATA_TIMEOUT = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "dashboard-it-token";
    /** The issue's bound on a page load with 1,000 versions and an hour of history. */
    private static final Duration PAGE_LOAD_BOUND = Duration.ofSeconds(1);

    private static Deployment runtime;
    private static DemoProducer producer;
    private static String dashboard;

    @BeforeAll
    static void startPipeline() {
        Map<String, String> configuration = new HashMap<>(DemoPipeline.configuration(Duration.ofSeconds(2), 0, 0));
        configuration.put("streams.commit.interval.ms", "100");
        configuration.put("dashboard.refresh.ms", "500");
        // Drift reports within seconds of the first model; reports only, so drift does not cut windows short here.
        configuration.put("scorer.drift.window.records", "100");
        configuration.put("scorer.drift.check.interval.records", "20");
        configuration.put("scorer.drift.report.interval.ms", "500");
        configuration.put("scorer.retrain.enabled", "false");
        configuration.put("dashboard.admin.token", ADMIN_TOKEN);
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of("demo", configuration))),
                EnumSet.allOf(ServiceKind.class), null, Duration.ofSeconds(90));
        DemoTraffic defaults = DemoTraffic.defaults();
        producer = new DemoProducer(runtime.clientProperties(), runtime.pipelines().getFirst().pipeline().topics(),
                new DemoTraffic(300, 5, 4, 0.02, 0.5, 7L, defaults.driftPeriod()), Clock.systemUTC());
        producer.start();
        dashboard = "http://127.0.0.1:" + runtime.pipelines().getFirst().dashboardPort().orElseThrow() + "/";
    }

    @AfterAll
    static void stopPipeline() {
        if (producer != null) {
            producer.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldShowLiveModelsAndEventsInTheBrowser(@TempDir Path profile) throws IOException, InterruptedException {
        ChromeDriver browser = SystemChromium.start(profile);
        try {
            browser.get(dashboard);
            // The pages re-render as data arrives, so every check reads the page afresh until it holds.
            WebDriverWait wait = new WebDriverWait(browser, LIVE_DATA_TIMEOUT, Duration.ofMillis(250));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(page -> page.findElement(By.id("connection")).getText().equals("live"));
            wait.until(page -> page.findElement(By.id("current-version")).getText().matches("v\\d+"));
            wait.until(page -> page.findElement(By.cssSelector("table.scorers td.num")).getText().matches("v\\d+"));
            wait.until(page -> Long.parseLong(page.findElement(By.id("windows-closed")).getText().replace(",", "")) > 0);
            wait.until(page -> page.findElements(By.cssSelector("#events li[data-type=MODEL_LOADED]")).size() >= 1
                    && page.findElements(By.cssSelector("#events li[data-type=WINDOW_CLOSED]")).size() >= 2);
            // An event about a model version links to the version's page.
            wait.until(page -> page.findElement(By.cssSelector("#events li[data-type=MODEL_LOADED] a.version-link"))
                    .getAttribute("href").matches(".*/version\\.html\\?v=\\d+"));
            // The chart of rates over time has a line of several points per series, and records flowed in.
            wait.until(page -> page.findElements(By.cssSelector("svg.rates polyline.rate")).size() == 3
                    && page.findElements(By.cssSelector("svg.rates polyline.rate")).stream()
                            .allMatch(line -> Integer.parseInt(line.getAttribute("data-points")) >= 3));
            assertThat(JSON.readTree(get(dashboard + "api/pipelines/demo/rates")).findValues("recordsPerSecond"))
                    .anyMatch(rate -> rate.asDouble() > 0);
            assertFitsTheWindow(browser, "the overview");
            wait.until(page -> page.findElement(By.cssSelector(".lag-note")).getText().contains("commit marker"));
            assertLinksTheScrapeEndpointAndServesItsIcon(browser);
            screenshot(browser, "dashboard.png");

            browser.get(dashboard + "models.html");
            wait.until(page -> {
                List<WebElement> rows = page.findElements(By.cssSelector("table.versions tbody tr"));
                // At least two versions, so that there is an older one to roll back to.
                // The default horizon keeps every window so far: the newest version learned from more than one.
                return rows.size() >= 2 && rows.getFirst().getText().contains("champion")
                        && Integer.parseInt(rows.getFirst().findElement(By.cssSelector("td.horizon")).getText()) >= 2
                        && rows.getFirst().findElement(By.cssSelector("td.horizon")).getAttribute("title").contains("rows used")
                        && rows.getFirst().getText().contains("logistic-regression")
                        && page.findElements(By.cssSelector("svg.chart circle.point")).size()
                                == Integer.parseInt(page.findElement(By.cssSelector("div.paged")).getAttribute("data-total"));
            });
            wait.until(page -> page.findElement(By.cssSelector(".pager .page-info")).getText()
                    .matches("versions 1–\\d+ of \\d+, newest first"));
            assertFitsTheWindow(browser, "the model versions");
            assertChartsHaveData(browser, "the model versions");
            screenshot(browser, "models.png");
            pickAnotherMetric(browser, wait);

            // A version's page, reached from its row: every part of the envelope the page promises.
            wait.until(page -> {
                page.findElements(By.cssSelector("table.versions tbody tr")).get(1).findElement(By.cssSelector("a.version-link")).click();
                return true;
            });
            wait.until(page -> page.getCurrentUrl().contains("version.html?v="));
            assertShowsTheVersion(browser, wait);
            screenshot(browser, "version.png");

            // Compared with the version before it, from the version's page.
            browser.findElement(By.cssSelector(".compare-form button")).click();
            wait.until(page -> page.getCurrentUrl().contains("compare.html"));
            wait.until(page -> page.findElements(By.cssSelector("table.compare.metrics tbody tr")).size() >= 5
                    && page.findElements(By.cssSelector("svg.distribution")).size() >= 7
                    && page.findElements(By.cssSelector("svg.distribution rect.bar.series-1")).size() > 0);
            assertFitsTheWindow(browser, "the comparison");
            assertChartsHaveData(browser, "the comparison");
            screenshot(browser, "compare.png");

            try (ModelRegistry registry = registry()) {
                // Pinning an older version rolls back to it first: both events must reach the live feed.
                long older = registry.list().getFirst().version();
                browser.get(dashboard + "models.html");
                registry.pin(OptionalLong.of(older), "dashboard-it", "the models page shows the pinned version");
                try {
                    wait.until(page -> page.findElements(By.cssSelector("table.versions tbody tr")).stream()
                            .anyMatch(row -> row.findElement(By.cssSelector("span.status")).getText().equals("pinned")
                                    && row.findElement(By.cssSelector("span.status")).getAttribute("class").contains("status-pinned")));
                    screenshot(browser, "models-pinned.png");
                    // While pinned the scorer keeps one version, so its drift window fills and reports follow each other.
                    browser.get(dashboard + "drift.html");
                    wait.until(page -> page.findElement(By.id("drift-version")).getText().matches("v\\d+")
                            && page.findElements(By.cssSelector("table.drift tbody tr[data-feature]")).size() == 6
                            && page.findElements(By.cssSelector("table.drift td.psi")).stream().allMatch(cell -> cell.getText().matches("\\d+\\.\\d{3}"))
                            && page.findElement(By.id("test-metric")).getText().matches("[01]\\.\\d{4}")
                            && page.findElement(By.cssSelector("[data-feature=monthlySpend] .status")).getText().matches("drifted|stable|above so far")
                            && page.findElements(By.cssSelector("svg.chart polyline.rate")).size() == 7);
                    String firstReport = wait.until(page -> page.findElement(By.id("drift-report")).getText());
                    wait.until(page -> !page.findElement(By.id("drift-report")).getText().equals(firstReport));
                    assertFitsTheWindow(browser, "the drift");
                    assertChartsHaveData(browser, "the drift");
                    screenshot(browser, "drift.png");
                } finally {
                    registry.unpin("dashboard-it", "the other checks need new models promoted");
                }
            }
            browser.get(dashboard);
            wait.until(page -> List.of("MODEL_ROLLED_BACK", "MODEL_PINNED", "MODEL_UNPINNED").stream().allMatch(type ->
                    !page.findElements(By.cssSelector("#events li[data-type=" + type + "]")).isEmpty()));
            screenshot(browser, "dashboard-registry-events.png");

            rollBackFromTheVersionPage(browser, wait);
            assertShowsDeadLetters(browser, wait);

        } finally {
            browser.quit();
        }
    }

    /**
     * Each page of a dashboard that holds 1,000 versions (the most it keeps) and an hour of history (rates every 2 s,
     * a drift report every 5 s, a dead letter a second) renders within {@link #PAGE_LOAD_BOUND}: the time from
     * navigation start until the page has drawn its data, the median of three loads after a first one. The versions
     * are the running pipeline's newest envelope, renumbered.
     */
    @Test
    void shouldLoadEachPageOfAThousandVersionsAndAnHourOfHistoryWithinASecond(@TempDir Path profile) throws IOException {
        await().atMost(LIVE_DATA_TIMEOUT).until(() -> JSON.readTree(get(dashboard + "api/pipelines")).get(0).path("modelsPublished").asLong() >= 1);
        ModelEnvelope template;
        try (ModelRegistry registry = registry()) {
            template = registry.list().getLast().envelope();
        }
        try (LargeDashboard large = LargeDashboard.of(template, Clock.systemUTC().millis())) {
            String base = "http://127.0.0.1:" + large.port() + "/";
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("index.html", "document.querySelectorAll('svg.rates polyline.rate[data-points=\"" + (LargeDashboard.RATE_SAMPLES - 1) + "\"]').length === 3");
            pages.put("models.html", "document.querySelectorAll('svg.chart circle.point').length === " + LargeDashboard.VERSIONS
                    + " && document.querySelectorAll('table.versions tbody tr').length === 25");
            pages.put("version.html?v=" + LargeDashboard.VERSIONS, "document.querySelectorAll('svg.distribution').length === 7");
            pages.put("compare.html?a=1&b=" + LargeDashboard.VERSIONS, "document.querySelectorAll('svg.distribution rect.bar.series-1').length > 0");
            pages.put("drift.html", "document.querySelector('svg.chart polyline.rate[data-points=\"" + LargeDashboard.DRIFT_REPORTS + "\"]') !== null");
            pages.put("dead-letters.html", "document.querySelectorAll('table.dead-letters tbody tr').length === 100");
            ChromeDriver browser = SystemChromium.start(profile);
            List<String> report = new ArrayList<>();
            try {
                browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    List<Long> loads = new ArrayList<>();
                    for (int load = 0; load < 4; load++) {
                        browser.get(base + page.getKey());
                        loads.add(((Number) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                                + "const check = () => (" + page.getValue() + ") ? done(Math.round(performance.now())) : setTimeout(check, 5);"
                                + "check();")).longValue());
                    }
                    assertFitsTheWindow(browser, page.getKey());
                    screenshot(browser, "large-" + page.getKey().replaceAll("\\W+", "-") + ".png");
                    long median = loads.subList(1, 4).stream().sorted().toList().get(1);
                    report.add(String.format("%-22s first %4d ms, then %s ms, median %d ms", page.getKey(), loads.getFirst(), loads.subList(1, 4), median));
                    assertThat(median).as("ms until %s has drawn its data", page.getKey()).isLessThan(PAGE_LOAD_BOUND.toMillis());
                }
            } finally {
                browser.quit();
                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve("page-loads.txt"), report);
                report.forEach(System.out::println);
            }
        }
    }

    @Test
    void shouldServeStreamtrainAndKafkaMetricsWithLiveValues() throws Exception {
        await().atMost(LIVE_DATA_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode overview = JSON.readTree(get(dashboard + "api/pipelines")).get(0);
            return overview.path("modelsPublished").asLong() >= 2 && overview.path("predictions").asLong() > 0;
        });
        JsonNode seen = JSON.readTree(get(dashboard + "api/pipelines")).get(0);

        // Everything counted since the services started, including before the first scrape.
        String metrics = get(dashboard + "metrics");
        assertThat(value(metrics, "streamtrain_windows_closed_total")).isGreaterThanOrEqualTo(seen.path("windowsClosed").asLong());
        assertThat(value(metrics, "streamtrain_training_duration_seconds_count")).isGreaterThanOrEqualTo(seen.path("modelsPublished").asLong());
        assertThat(value(metrics, "streamtrain_records_in_total")).isPositive();
        assertThat(value(metrics, "streamtrain_dead_lettered_total")).isPositive();
        assertThat(value(metrics, "streamtrain_model_version")).isPositive();
        assertThat(value(metrics, "streamtrain_predictions_total")).isPositive();
        assertThat(value(metrics, "streamtrain_scoring_latency_seconds_count")).isPositive();
        assertThat(metrics).contains("kafka_producer_").contains("kafka_consumer_").contains("kafka_stream_");
    }

    /** The chart's metric is the reader's choice: picking another one redraws the chart with it, point for point. */
    private static void pickAnotherMetric(ChromeDriver browser, WebDriverWait wait) {
        new Select(browser.findElement(By.id("chart-metric"))).selectByValue("f1");
        wait.until(page -> "f1".equals(page.findElement(By.cssSelector("div.versions-chart svg.chart")).getAttribute("data-metric"))
                && page.findElements(By.cssSelector("div.versions-chart circle.point")).size()
                        == Integer.parseInt(page.findElement(By.cssSelector("div.paged")).getAttribute("data-total")));
    }

    /** The version page shows the envelope's metrics, confusion matrix, gate, hyperparameters, lineage, preprocessing, distributions, key. */
    private static void assertShowsTheVersion(ChromeDriver browser, WebDriverWait wait) {
        wait.until(page -> page.findElements(By.cssSelector("table.metrics tbody tr")).size() >= 5
                && page.findElements(By.cssSelector("table.per-class tbody tr")).size() == 2
                && page.findElements(By.cssSelector("table.confusion tbody tr")).size() == 2
                && page.findElement(By.id("gate-decision")).getText().matches("(PROMOTED|REJECTED|HELD) .+")
                && !page.findElements(By.cssSelector("table.hyperparameters tbody tr")).isEmpty()
                && page.findElements(By.cssSelector("table.horizon-windows tbody tr")).size() >= 1
                && page.findElements(By.cssSelector("table.preprocessing tbody tr")).size() == 6
                && page.findElements(By.cssSelector("svg.distribution")).size() == 7
                && !page.findElement(By.id("signing-key")).getText().equals("unsigned"));
        long confusionTotal = browser.findElements(By.cssSelector("table.confusion td.cell")).stream()
                .mapToLong(cell -> Long.parseLong(cell.getText().replace(",", ""))).sum();
        assertThat(confusionTotal).as("the confusion matrix counts the test split").isPositive();
        assertFitsTheWindow(browser, "a version's");
        assertChartsHaveData(browser, "a version's");
    }

    /**
     * Rolls back to an older version from its page with the admin token: the page asks first, then shows the audit event
     * the registry wrote, and the models topic serves that version.
     */
    private static void rollBackFromTheVersionPage(ChromeDriver browser, WebDriverWait wait) throws IOException {
        try (ModelRegistry registry = registry()) {
            long target = registry.list().getFirst().version();
            browser.get(dashboard + "version.html?v=" + target);
            wait.until(page -> page.findElement(By.id("rollback")).isEnabled());
            browser.findElement(By.id("admin-token")).sendKeys(ADMIN_TOKEN);
            browser.findElement(By.id("action-reason")).sendKeys("the browser test rolls back");
            browser.findElement(By.id("rollback")).click();
            Alert confirmation = wait.until(page -> page.switchTo().alert());
            assertThat(confirmation.getText()).contains("v" + target);
            confirmation.accept();
            String audit = wait.until(page -> page.findElement(By.id("audit-event")).getText());
            assertThat(audit).contains("MODEL_ROLLED_BACK").contains("dashboard@").contains("back to version " + target);
            screenshot(browser, "version-rolled-back.png");
        }
    }

    /** The demo producer's malformed records are on the dead-letter page with their reason, source and value. */
    private static void assertShowsDeadLetters(ChromeDriver browser, WebDriverWait wait) throws IOException {
        browser.get(dashboard + "dead-letters.html");
        wait.until(page -> !page.findElements(By.cssSelector("table.dead-letters tbody tr")).isEmpty()
                && page.findElements(By.cssSelector("svg.chart polyline.rate")).size() >= 1);
        WebElement newest = browser.findElement(By.cssSelector("table.dead-letters tbody tr"));
        assertThat(newest.getAttribute("data-reason")).isNotBlank().isNotEqualTo("unknown");
        assertThat(newest.getText()).containsPattern("demo\\.[a-z-]+-\\d+@\\d+");
        assertThat(newest.findElement(By.cssSelector("td.preview")).getText()).isNotBlank();
        assertFitsTheWindow(browser, "the dead-letter");
        assertChartsHaveData(browser, "the dead-letter");
        screenshot(browser, "dead-letters.png");
    }

    /** Every chart of the page draws something: a line with points, a point or a bar. */
    private static void assertChartsHaveData(ChromeDriver browser, String page) {
        Object empty = browser.executeScript("return [...document.querySelectorAll('svg.chart')].filter(svg => "
                + "![...svg.querySelectorAll('polyline')].some(line => line.getAttribute('points').trim().length > 0) "
                + "&& svg.querySelectorAll('circle, rect.bar').length === 0).length");
        assertThat(((Number) empty).longValue()).as("charts without data on %s page", page).isZero();
        assertThat(browser.findElements(By.cssSelector("svg.chart"))).as("charts on %s page", page).isNotEmpty();
    }

    /** The page at 1400 px is no wider than the window, and no table is wider than its card. */
    private static void assertFitsTheWindow(ChromeDriver browser, String page) {
        Number overflow = (Number) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.longValue()).as("horizontal overflow of %s page", page).isLessThanOrEqualTo(0);
        Number tableOverflow = (Number) browser.executeScript("return Math.max(0, ...[...document.querySelectorAll('table')]"
                + ".map(t => t.scrollWidth - t.parentElement.clientWidth))");
        assertThat(tableOverflow.longValue()).as("a table wider than its container on %s page", page).isLessThanOrEqualTo(0);
    }

    /** The Prometheus endpoint is a link that opens apart from the UI, and the icon the page asks for exists. */
    private static void assertLinksTheScrapeEndpointAndServesItsIcon(ChromeDriver browser) throws IOException, InterruptedException {
        WebElement scrape = browser.findElement(By.cssSelector("header a.scrape"));
        assertThat(scrape.getAttribute("href")).endsWith("/metrics");
        assertThat(scrape.getAttribute("target")).isEqualTo("_blank");
        assertThat(scrape.getText()).contains("scrape endpoint");
        assertThat(browser.findElements(By.cssSelector("nav a[href=metrics]"))).isEmpty();
        assertThat(get(browser.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href"))).contains("<svg");
    }

    private static ModelRegistry registry() {
        PipelineDefinition definition = runtime.pipelines().getFirst().definition();
        PipelineConfig pipeline = definition.pipeline();
        return new ModelRegistry(new RegistryClients(definition.kafka(), "dashboard-it"), pipeline.topics(), pipeline.pipelineName(),
                new TrustConfig(definition.configuration()).verifier(), "dashboard-it", Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /** The sum of every sample of {@code name}, whatever their labels. */
    private static double value(String metrics, String name) {
        Matcher sample = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (sample.find()) {
            found = true;
            sum += Double.parseDouble(sample.group(2));
        }
        assertThat(found).as("a sample of %s", name).isTrue();
        return sum;
    }

    private static String get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
