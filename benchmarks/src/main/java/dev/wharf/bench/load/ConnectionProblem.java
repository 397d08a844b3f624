package dev.wharf.bench.load;

/** Why a load connection fails: reported to its handler's {@code onError}. Stackless: it is an expected outcome. */
final class ConnectionProblem extends Exception {

    ConnectionProblem(String problem) {
        super(problem, null, false, false);
    }
}
