package io.binancedata.spool;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.util.Map;
import java.util.Set;

/**
 * Sends a message to the delegate endpoint as a new InOnly exchange (body and headers of the {@link SpoolRecord}),
 * synchronously, through a {@link ProducerTemplate} (so the delegate's producer runs in a unit of work, as in a
 * route). A failure is thrown; one that concerns only this message (an {@link IllegalArgumentException} in the
 * cause chain, or HTTP 400, 413, 415 or 422) is thrown as {@link MessageRejectedException}. Everything else (5xx and
 * other statuses, timeouts, a broker or disk that is down) counts as the sink failing.
 */
final class DelegateDelivery implements Delivery {
    private static final Set<Integer> REJECTING_STATUS_CODES = Set.of(400, 413, 415, 422);

    private final Endpoint endpoint;
    private final ProducerTemplate template;

    DelegateDelivery(Endpoint endpoint, ProducerTemplate template) {
        this.endpoint = endpoint;
        this.template = template;
    }

    @Override
    public void deliver(SpoolRecord record) throws Exception {
        Exchange exchange = endpoint.createExchange(ExchangePattern.InOnly);
        Message message = exchange.getMessage();
        for (Map.Entry<String, Object> header : record.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.setBody(record.body());
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
