package io.binancedata.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;

/**
 * One packaged jar of a cluster ({@code binance.cluster.*}), its control port and its log: what it leads and runs,
 * read from its stream table ({@code GET /streams}).
 *
 * @param node    its {@code binance.cluster.node-id}
 * @param process the jar's process
 * @param port    its control port ({@code camel.server.port})
 * @param log     the file its output goes to
 */
public record ClusterInstance(String node, Process process, int port, Path log) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What one instance runs: the groups it leads, the streams streaming on it. */
    public record Share(List<Integer> groups, List<String> streaming) {
    }

    /**
     * Starts a jar ({@link JarProcess#JAR}) as cluster instance {@code node} in {@code work/<node>} (its output in
     * {@code jar.log} there, its files under {@code data}): trade streams of {@code symbols} from the fake exchange to
     * the Kafka topic, no kline stream, {@code groups} groups, ZooKeeper at {@code zookeeper}; free control and
     * management ports; then {@code settings} ({@code -Dkey=value}).
     */
    public static ClusterInstance start(Path work, String node, FakeExchange exchange, String kafka, String zookeeper,
                                        List<String> symbols, String topic, int groups, List<String> settings)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve(node));
        int port = MainProcess.freePort();
        List<String> args = new ArrayList<>(List.of("-Dcamel.server.port=" + port,
                "-Dcamel.management.port=" + MainProcess.freePort(),
                "-Dbinance.ws-url=" + exchange.wsUrl(), "-Dbinance.rest-url=" + exchange.restUrl(),
                "-Dbinance.trade.symbols=" + String.join(",", symbols), "-Dbinance.kline.symbols=",
                "-Dbinance.file.dir=" + dir.resolve("data"),
                "-Dbinance.sink.trade=kafka:" + topic + "?brokers=" + kafka,
                "-Dbinance.cluster.groups=" + groups, "-Dbinance.cluster.node-id=" + node,
                "-Dbinance.cluster.zookeeper.nodes=" + zookeeper));
        args.addAll(settings);
        args.addAll(List.of("-jar", JarProcess.JAR.toAbsolutePath().toString()));
        Path log = dir.resolve("jar.log");
        Process process = JarProcess.java(dir, args).redirectOutput(log.toFile()).start();
        return new ClusterInstance(node, process, port, log);
    }

    /** Its stream table, all rows, with the {@code cluster} part. */
    public JsonNode table() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/streams?limit=1000")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return SbeFiles.parse(response.body());
    }

    /** The groups it leads and the streams streaming on it; empty while it cannot answer. */
    public Share share() {
        try {
            JsonNode table = table();
            List<Integer> groups = new ArrayList<>();
            table.get("cluster").get("owned").forEach(g -> groups.add(g.asInt()));
            List<String> streaming = new ArrayList<>();
            for (JsonNode row : table.get("streams")) {
                if ("STREAMING".equals(row.get("state").asText())) {
                    streaming.add(row.get("id").asText());
                }
            }
            return new Share(groups, streaming);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return new Share(List.of(), List.of());
        }
    }

    /**
     * Whether these live instances together run everything: each of the {@code groups} led by exactly one of them,
     * {@code streams} streams streaming, each on exactly one.
     */
    public static boolean coveredBy(List<ClusterInstance> instances, int groups, int streams) {
        List<Integer> led = new ArrayList<>();
        List<String> streaming = new ArrayList<>();
        for (ClusterInstance instance : instances) {
            if (!instance.process().isAlive()) {
                return false;
            }
            Share share = instance.share();
            led.addAll(share.groups());
            streaming.addAll(share.streaming());
        }
        return led.size() == groups && led.stream().distinct().count() == groups
                && streaming.size() == streams && streaming.stream().distinct().count() == streams;
    }

    /** Everything it printed so far, for an assertion's description. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
