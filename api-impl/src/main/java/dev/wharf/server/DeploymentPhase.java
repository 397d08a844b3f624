package dev.wharf.server;

import jakarta.websocket.DeploymentException;
import java.lang.System.Logger.Level;

/**
 * Where one application's WebSocket deployment stands, for [WSC-5.2.1-3]: "a deployment error raised during the
 * deployment process must halt the deployment of the application, any well formed endpoints deployed prior to the
 * error being raised must be removed from service and no more websocket endpoints from that application may be
 * deployed by the container, even if they are valid."
 *
 * <ol>
 *   <li>{@code SCANNING}: the servlet bridge deploys what the container's scan found; it collects every error and
 *   fails the application's start itself, so an error here does not halt yet.</li>
 *   <li>{@code APPLICATION}: the application deploys endpoints itself, typically from a
 *   {@code ServletContextListener} (spec 6.4). A {@link DeploymentException} from {@code addEndpoint} halts, even
 *   when the listener catches it: the application cannot be trusted to notice.</li>
 *   <li>{@code RUNNING}: the application has started; a failed {@code addEndpoint} (allowed while running since
 *   2.1) fails alone and the endpoints already serving stay.</li>
 *   <li>{@code HALTED}: no endpoint serves and none can be added.</li>
 * </ol>
 */
final class DeploymentPhase {

    private static final System.Logger LOG = System.getLogger(DeploymentPhase.class.getName());

    private enum State { SCANNING, APPLICATION, RUNNING, HALTED }

    private State state = State.SCANNING;
    private String haltedBy;

    synchronized void applicationDeploying() {
        if (state == State.SCANNING) {
            state = State.APPLICATION;
        }
    }

    synchronized void running() {
        if (state != State.HALTED) {
            state = State.RUNNING;
        }
    }

    /** Refuses any deployment once halted, naming the error that halted it. */
    synchronized void checkOpen(String endpoint) throws DeploymentException {
        if (state == State.HALTED) {
            throw new DeploymentException("cannot deploy " + endpoint + ": this application's WebSocket deployment"
                    + " was halted by an earlier deployment error [WSC-5.2.1-3]: " + haltedBy);
        }
    }

    /** Whether {@code error} halts the deployment: true (once) while the application deploys its endpoints. */
    synchronized boolean haltsOn(DeploymentException error) {
        if (state != State.APPLICATION) {
            return false;
        }
        halt(error.getMessage());
        return true;
    }

    /** Halts whatever the phase; the caller removes the endpoints. */
    synchronized void halt(String reason) {
        if (state == State.HALTED) {
            return;
        }
        state = State.HALTED;
        haltedBy = reason;
        LOG.log(Level.ERROR, "Wharf: a deployment error halted the WebSocket deployment of this application; no"
                + " endpoint of it is served and none can be added [WSC-5.2.1-3]: {0}", reason);
    }
}
