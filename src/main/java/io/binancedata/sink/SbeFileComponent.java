package io.binancedata.sink;

import io.binancedata.stream.DurableWrites;
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
    private final DurableWrites durableWrites;

    /** A component whose stores force their writes only when asked ({@code fsync=true}), for tests and embedders. */
    public SbeFileComponent() {
        this(new DurableWrites());
    }

    /** @param durableWrites where each endpoint's store registers while started, forced before checkpoints are saved */
    public SbeFileComponent(DurableWrites durableWrites) {
        this.durableWrites = durableWrites;
    }

    DurableWrites durableWrites() {
        return durableWrites;
    }

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
