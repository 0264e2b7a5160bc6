package dev.hushcall.load.requests;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Logs a round trip that spans two sockets as one Gatling request, from a start time the scenario recorded when it
 * sent the first frame to the receive time Gatling stamped on the reply. Gatling can only time a frame against a reply
 * on the same socket, and the answer to an offer has to be sent by the other socket of the same virtual user; so the
 * callee answers in turn and the round trip is logged here, with Gatling's own timestamps, as a request that reports
 * and assertions treat like any other. KO (and the virtual user marked failed) when no reply came.
 *
 * @param name     the request name in reports and assertions
 * @param startKey session attribute: epoch millis when the first frame was sent
 * @param endKey   session attribute: epoch millis when the reply was received; absent when it never came
 */
public record MeasuredRoundTrip(String name, String startKey, String endKey, boolean replyIsFailure)
        implements ActionBuilder {

    public MeasuredRoundTrip(String name, String startKey, String endKey) {
        this(name, startKey, endKey, false);
    }

    /**
     * A round trip whose reply is a refusal: logged KO ("refused: &lt;code&gt;") with its time, so reports show how
     * fast, and their error tables why.
     */
    public static MeasuredRoundTrip refusal(String name, String startKey, String endKey) {
        return new MeasuredRoundTrip(name, startKey, endKey, true);
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return (ScenarioContext context, Action next) -> new Action() {
            private final com.typesafe.scalalogging.Logger logger =
                    com.typesafe.scalalogging.Logger$.MODULE$.apply(LoggerFactory.getLogger(MeasuredRoundTrip.class));

            @Override
            public String name() {
                return "measure " + MeasuredRoundTrip.this.name;
            }

            @Override
            public void execute(io.gatling.core.session.Session scalaSession) {
                Session session = new Session(scalaSession);
                long start = session.getLong(startKey);
                io.gatling.core.session.Session after = scalaSession;
                if (session.contains(endKey) && replyIsFailure) {
                    context.coreComponents().statsEngine().logResponse(scalaSession.scenario(), scalaSession.groups(),
                            MeasuredRoundTrip.this.name, start, session.getLong(endKey), KO$.MODULE$, Option.empty(),
                            Option.apply("refused: " + session.getString(DeliveredFrames.REFUSED_CODE)));
                } else if (session.contains(endKey)) {
                    context.coreComponents().statsEngine().logResponse(scalaSession.scenario(), scalaSession.groups(),
                            MeasuredRoundTrip.this.name, start, session.getLong(endKey), OK$.MODULE$, Option.empty(),
                            Option.empty());
                } else {
                    context.coreComponents().statsEngine().logResponse(scalaSession.scenario(), scalaSession.groups(),
                            MeasuredRoundTrip.this.name, start, context.coreComponents().clock().nowMillis(), KO$.MODULE$,
                            Option.empty(), Option.apply("no reply"));
                    after = scalaSession.markAsFailed();
                }
                next.$bang(after);
            }

            @Override
            public com.typesafe.scalalogging.Logger logger() {
                return logger;
            }

            @Override
            public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(
                    com.typesafe.scalalogging.Logger ignored) {
                // The field above is the logger; Scala's initialiser never runs for a Java class.
            }
        };
    }
}
