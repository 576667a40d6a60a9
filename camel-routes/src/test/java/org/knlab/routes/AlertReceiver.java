package org.knlab.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver, as Alertmanager's receivers are: records every JSON body POSTed to it. */
final class AlertReceiver implements AutoCloseable {

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    AlertReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/alerts", exchange -> {
            received.add(KafkaClient.parse(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
