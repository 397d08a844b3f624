package dev.wharf.redis;

/** How the broker reads Redis's and Lettuce's failures. */
final class RedisFailures {

    private RedisFailures() {}

    /** The failure and its innermost cause (Lettuce wraps "WRONGPASS" or a TLS refusal in "Unable to connect"). */
    static String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }

    /** A reply saying the slot lives elsewhere now, or that its shard is down: worth asking for the slots again. */
    static boolean movedOrDown(Throwable failure) {
        String m = failure.getMessage();
        return m != null && (m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("CLUSTERDOWN"));
    }
}
