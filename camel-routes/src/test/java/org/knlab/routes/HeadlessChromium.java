package org.knlab.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debian chromium, headless, driven over the DevTools protocol (a WebSocket, JDK client): open a
 * page, evaluate JavaScript in it, take a screenshot. Enough to check that a page drew its data.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    HeadlessChromium() throws Exception {
        profile = Files.createTempDirectory("kn-chromium-");
        process = new ProcessBuilder(
                        "chromium",
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--remote-debugging-port=0",
                        "--window-size=1200,1600",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        String browser = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        for (String line; browser == null && (line = out.readLine()) != null; ) {
            Matcher m = DEVTOOLS.matcher(line);
            browser = m.find() ? m.group(1) : null;
        }
        if (browser == null) {
            throw new IllegalStateException("chromium did not start (apt-get install chromium; .ci/run does)");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI http = URI.create(browser.replace("ws://", "http://").replaceAll("/devtools/.*", "/json/list"));
        JsonNode targets = KafkaClient.parse(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body());
        String pageUrl = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageUrl = t.path("webSocketDebuggerUrl").asText();
            }
        }
        page = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageUrl), new Listener())
                .get(30, TimeUnit.SECONDS);
    }

    void open(String url) throws Exception {
        call("Page.enable", Json.MAPPER.createObjectNode());
        call("Page.navigate", Json.MAPPER.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page. */
    JsonNode eval(String expression) throws Exception {
        return call(
                        "Runtime.evaluate",
                        Json.MAPPER
                                .createObjectNode()
                                .put("expression", expression)
                                .put("returnByValue", true))
                .path("result")
                .path("value");
    }

    /** Waits until the expression is true in the page. */
    void waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval(expression).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never made true: " + expression);
            }
            Thread.sleep(200);
        }
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call(
                "Page.captureScreenshot",
                Json.MAPPER.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        page.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.path("error"));
        }
        return reply.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode m = KafkaClient.parse(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                text.setLength(0);
                CompletableFuture<JsonNode> f =
                        m.has("id") ? pending.remove(m.path("id").asInt()) : null;
                if (f != null) {
                    f.complete(m);
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        page.abort();
        // Chromium's helpers (renderer, network service) outlive the browser process for a moment and
        // still write into the profile: stop them all before deleting it.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle helper : helpers) {
            try {
                helper.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                helper.destroyForcibly();
            }
        }
        deleteProfile();
    }

    /** Deletes the profile directory; a file a late writer removes meanwhile is no error. */
    private void deleteProfile() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (UncheckedIOException | NoSuchFileException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }
}
