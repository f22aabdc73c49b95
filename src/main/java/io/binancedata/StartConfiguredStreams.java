package io.binancedata;

import io.binancedata.config.ConfigurationException;
import io.binancedata.control.HttpServersCheck;
import io.binancedata.control.StreamManager;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once Camel has started: checks that its HTTP servers listen and logs where, then starts the streams named in the
 * configuration through {@link StreamManager}, the service every control interface calls. A port in use or a bad start-up symbol is a {@link ConfigurationException}: Camel Main is told to
 * complete and {@link Application} exits with code 2 and one line naming the key. Any other failure (the exchange
 * unreachable, say) is logged here, once, with its cause and stack trace, and the process exits with code 1.
 */
final class StartConfiguredStreams extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(StartConfiguredStreams.class);
    private final Runnable stopMain;
    private volatile RuntimeException failure;

    StartConfiguredStreams(Runnable stopMain) {
        this.stopMain = stopMain;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        try {
            for (HttpServersCheck.BoundServer server : HttpServersCheck.verify(main.getCamelContext())) {
                LOG.info("HTTP {} listening on {}: {}", server.role(), server.url(), String.join(", ", server.endpoints()));
            }
            StreamManager manager = main.getCamelContext().getRegistry()
                    .lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class);
            manager.checkConfiguredSymbols();
            BeanWiring.startConfigured(main.getCamelContext(), manager);
        } catch (ConfigurationException e) {
            failure = e;
            stopMain.run();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Cannot start: {}", e.getMessage() != null ? e.getMessage() : e.toString(), e);
            stopMain.run();
        }
    }

    RuntimeException failure() {
        return failure;
    }
}
