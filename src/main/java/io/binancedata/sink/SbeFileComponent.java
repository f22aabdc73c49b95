package io.binancedata.sink;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code sbe-file} component, the product's default sink: appends each exchange's SBE message, framed, to a
 * file per stream and UTC day under a folder. URI: {@code sbe-file:<directory>[?fsync=true&maxOpenFiles=256]}.
 *
 * @see SbeFileEndpoint
 * @see FramedFileStore
 */
@Component("sbe-file")
public class SbeFileComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("The sbe-file URI needs a directory, e.g. sbe-file:data; was " + uri);
        }
        SbeFileEndpoint endpoint = new SbeFileEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
