package dev.hushcall.client.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the SDK's tests (registered in {@code META-INF/services}): every level is on, and each
 * call is kept as one line of text, throwable chain included, the way a real backend would write it out. Tests
 * search the lines for text that must never reach a log.
 */
public final class RecordingLogs implements SLF4JServiceProvider {

    private static final List<String> LINES = new ArrayList<>();

    /** Everything logged since the last {@link #clear()}. */
    public static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    public static void clear() {
        synchronized (LINES) {
            LINES.clear();
        }
    }

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return Recorder::new;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Recorder extends LegacyAbstractLogger {

        Recorder(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            StringBuilder line = new StringBuilder(level + " " + name + ": "
                    + MessageFormatter.basicArrayFormat(pattern, arguments));
            for (Throwable t = throwable; t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            synchronized (LINES) {
                LINES.add(line.toString());
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
