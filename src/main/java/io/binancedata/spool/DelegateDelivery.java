package io.binancedata.spool;

import io.binancedata.sink.RunEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.DefaultMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends a message to the delegate endpoint as a new InOnly exchange (body and headers of the {@link SpoolRecord}),
 * synchronously, through a {@link ProducerTemplate} (so the delegate's producer runs in a unit of work, as in a
 * route); a run of messages to a {@link RunEndpoint} as one exchange whose body is their list. A failure is thrown;
 * one that concerns only this message (an {@link IllegalArgumentException} in the cause chain, or HTTP 400, 413, 415
 * or 422) is thrown as {@link MessageRejectedException}. Everything else (5xx and
 * other statuses, timeouts, a broker or disk that is down) counts as the sink failing.
 */
final class DelegateDelivery implements Delivery {
    private static final Set<Integer> REJECTING_STATUS_CODES = Set.of(400, 413, 415, 422);
    /** Most spooled messages re-delivered in one exchange to a {@link RunEndpoint}, by default. */
    static final int MAX_RUN = 500;

    private final Endpoint endpoint;
    private final ProducerTemplate template;
    private final int maxRun;

    /** @param maxRun most messages in one exchange to a {@link RunEndpoint} */
    DelegateDelivery(Endpoint endpoint, ProducerTemplate template, int maxRun) {
        this.endpoint = endpoint;
        this.template = template;
        this.maxRun = maxRun;
    }

    @Override
    public void deliver(SpoolRecord record) throws Exception {
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
        fill(exchange.getMessage(), record);
        send(exchange);
    }

    /** The spool's {@code maxRun} for a {@link RunEndpoint}, else 1. */
    @Override
    public int maxRun() {
        return endpoint instanceof RunEndpoint ? maxRun : 1;
    }

    /** A run to a {@link RunEndpoint}: one exchange whose body is the list of messages. */
    @Override
    public void deliver(List<SpoolRecord> run) throws Exception {
        if (run.size() == 1 || !(endpoint instanceof RunEndpoint)) {
            Delivery.super.deliver(run);
            return;
        }
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
        List<Message> messages = new ArrayList<>(run.size());
        for (SpoolRecord record : run) {
            Message message = new DefaultMessage(exchange);
            fill(message, record);
            messages.add(message);
        }
        exchange.getMessage().setBody(messages);
        send(exchange);
    }

    private static void fill(Message message, SpoolRecord record) {
        for (Map.Entry<String, Object> header : record.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.setBody(record.body());
    }

    private void send(Exchange exchange) throws Exception {
        Exception failure = template.send(endpoint, exchange).getException();
        if (failure != null) {
            throw isRejection(failure) ? new MessageRejectedException(failure) : failure;
        }
    }

    static boolean isRejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
            if (t instanceof HttpOperationFailedException http) {
                return REJECTING_STATUS_CODES.contains(http.getStatusCode());
            }
        }
        return false;
    }
}
