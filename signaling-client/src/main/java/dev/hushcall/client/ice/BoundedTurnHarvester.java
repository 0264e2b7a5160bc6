package dev.hushcall.client.ice;

import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;
import org.ice4j.stack.TransactionID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ice4j's TURN harvester with one change: a CreatePermission that coturn refuses with 403 (a peer address the
 * server's {@code denied-peer-ip} forbids, e.g. the other side's private host candidate) is not retried. ice4j's
 * relayed socket marks the permission unbound and, while the connectivity check for that peer is still queued,
 * sends CreatePermission again at once, forever. Swallowing the 403 leaves the permission "in progress": no
 * further request for that peer, and the check simply fails, which is the right ICE outcome.
 */
final class BoundedTurnHarvester extends TurnCandidateHarvester {

    private static final Logger log = LoggerFactory.getLogger(BoundedTurnHarvester.class);

    private final AtomicInteger refusedPermissions = new AtomicInteger();

    BoundedTurnHarvester(TransportAddress server, LongTermCredential credential) {
        super(server, credential);
    }

    /** CreatePermission requests coturn refused with 403, each sent once. */
    int refusedPermissions() {
        return refusedPermissions.get();
    }

    @Override
    protected TurnCandidateHarvest createHarvest(HostCandidate hostCandidate) {
        return new TurnCandidateHarvest(this, hostCandidate) {
            @Override
            protected boolean processErrorOrFailure(Response response, Request request, TransactionID id) {
                if (response != null && request.getMessageType() == Message.CREATEPERMISSION_REQUEST) {
                    ErrorCodeAttribute error = (ErrorCodeAttribute) response.getAttribute(Attribute.ERROR_CODE);
                    if (error != null && error.getErrorCode() == ErrorCodeAttribute.FORBIDDEN) {
                        refusedPermissions.incrementAndGet();
                        log.debug("TURN server refused a permission (403); not retrying it");
                        return true;
                    }
                }
                return super.processErrorOrFailure(response, request, id);
            }
        };
    }
}
