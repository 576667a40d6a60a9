package org.knlab.routes.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.knlab.routes.Json;

/**
 * POSTs an alert as Alertmanager posts to its webhook receivers (payload version "4"), so any receiver
 * written for Alertmanager takes kn-lab's alerts. A receiver that fails is logged, not retried.
 */
public final class AlertWebhook {

    private static final Logger LOG = Logger.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public AlertWebhook(String url) {
        this.url = URI.create(url);
    }

    public void post(Alert alert, Instant firedAt, String externalUrl) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    payload(alert, firedAt, externalUrl).toString()))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("alert webhook answered %d for %s", response.statusCode(), alert.rule());
            }
        } catch (Exception e) {
            LOG.warnf("alert webhook failed for %s: %s", alert.rule(), e.toString());
        }
    }

    static ObjectNode payload(Alert alert, Instant firedAt, String externalUrl) {
        ObjectNode p = Json.MAPPER
                .createObjectNode()
                .put("version", "4")
                .put("groupKey", "{}:{alertname=\"" + alert.rule() + "\"}")
                .put("truncatedAlerts", 0)
                .put("status", "firing")
                .put("receiver", "kn-lab")
                .put("externalURL", externalUrl);
        p.putObject("groupLabels").put("alertname", alert.rule());
        ObjectNode labels = p.putObject("commonLabels")
                .put("alertname", alert.rule())
                .put("experiment", alert.experimentId())
                .put("severity", alert.severity())
                .put("subject", alert.subject());
        p.putObject("commonAnnotations").put("summary", alert.message());
        ObjectNode a = p.putArray("alerts").addObject().put("status", "firing");
        a.set("labels", labels.deepCopy());
        a.putObject("annotations")
                .put("summary", alert.message())
                .put("evidence", alert.evidence().toString());
        a.put("startsAt", firedAt.toString())
                .put("endsAt", "0001-01-01T00:00:00Z")
                .put("generatorURL", externalUrl + "/experiments/" + alert.experimentId())
                .put("fingerprint", alert.eventId().replace("-", "").substring(0, 16));
        return p;
    }
}
