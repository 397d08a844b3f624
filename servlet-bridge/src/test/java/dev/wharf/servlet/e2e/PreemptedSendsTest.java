package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.server.WharfServerContainer;
import dev.wharf.servlet.e2e.endpoints.Containers;
import dev.wharf.servlet.e2e.endpoints.RepeatEndpoint;
import dev.wharf.servlet.e2e.endpoints.Reports;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.SharedHosts;
import dev.wharf.servlet.hosts.WebApp;
import dev.wharf.session.SessionServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Issue #19 at the callback pool's hard bound: more peers that stop reading than the pool has threads, even counting
 * the threads it lets wait in sends. Every thread then waits for a peer, and without help a new session's
 * {@code onOpen} and every other session's messages would wait for the blocking send timeout. The pool gives up the
 * sends that waited longest instead (their sessions are closed with 1008), so the canary stays served well within
 * the send timeout.
 *
 * <p>{@code maxThreads} 8 allows 8 + 8 threads in all; 48 slow peers each leave a blocking send waiting. (On Jetty,
 * up to 8 of them may wait on Jetty's own reading threads instead, which are not the pool's to give up: those
 * sessions end at the send timeout.) A pool this small is far more crowded than the default one under 1,000 such peers (200 +
 * 200 threads): the canary's callbacks queue behind up to a round of slow sessions' turns, each of which must
 * block for {@code ElasticPool.PREEMPT_AFTER_NANOS} before it is given up, so the bound here is two seconds beside
 * the five-second send timeout that would hold the canary up without preemption; the one-second bound is
 * {@link HostilePeersTest}'s, and the benchmarks' {@code slow-readers} at full size.
 */
@Tag("e2e")
@DisplayName("blocked sends given up at the callback pool's bound")
class PreemptedSendsTest extends SharedHosts {

    /** Long beside the canary's one-second bound: only giving sends up can keep the canary within it. */
    static final long SEND_TIMEOUT_MS = 5_000;
    static final long CLOSE_TIMEOUT_MS = 500;
    static final int MAX_THREADS = 8;
    /** Scheduling slack on two cores shared with other builds, on top of the timeouts under test. */
    static final long SLACK_MS = 3_000;

    private static final int SLOW = Integer.getInteger("wharf.hostile.preempted", 48);
    /** Two messages answered with eight 256 KiB texts each: more than the kernel buffers for a peer that never reads. */
    private static final String REPLIES = "times=8&size=" + (256 * 1024);

    /**
     * Every host. On Jetty it was excluded until 06 Dec 2026: Jetty's reading threads ran callbacks beside the pool's
     * (16 beside 8), so three times the threads encoded 256 KiB replies at once on two cores, and the canary's
     * handshake waited up to 1.9 s; a lent reading thread now counts as one of {@code maxThreads} (ElasticPool).
     */
    @Override
    protected List<Host> candidates() {
        return E2eApp.hosts();
    }

    @Override
    protected WebApp app() {
        return WebApp.at(E2eApp.CONTEXT_PATH)
                .initializer(E2eApp.initializer(), Set.of(RepeatEndpoint.class))
                .initParam("dev.wharf.blockingSendTimeout", Long.toString(SEND_TIMEOUT_MS))
                .initParam("dev.wharf.asyncSendTimeout", Long.toString(SEND_TIMEOUT_MS))
                .initParam("dev.wharf.closeTimeout", Long.toString(CLOSE_TIMEOUT_MS))
                .initParam("dev.wharf.maxThreads", Integer.toString(MAX_THREADS))
                .build();
    }

    @HostTest
    @DisplayName("issue #19: with every callback thread waiting for a peer, the longest waits are given up and the canary is served")
    void longestBlockedSendsGiveWayToOtherSessions(Host host) throws Exception {
        String key = Reports.newKey();
        long heapBefore = Heap.usedAfterGc();
        try (SlowPeers slow = SlowPeers.open(host.wsUri("/repeat?" + REPLIES + "&report=" + key), SLOW)) {
            SessionServices services = services(key);
            long calmMs;
            try (Canary calm = new Canary(host.wsUri("/repeat"), () -> 0)) {
                awaitRounds(calm, 5);
                calm.close();
                assertEquals(List.of(), calm.failures, "canary rounds failed before any slow peer");
                calmMs = calm.longestMs();
            }
            long sent;
            try (Canary canary = new Canary(host.wsUri("/repeat"), () -> 0)) {
                slow.sendToAll("more", 2);
                sent = System.nanoTime();
                BlockingQueue<String> closes = Reports.queue(key);
                List<String> reasons = new ArrayList<>();
                // A session whose turn waited for a thread starts its send, and so its send timeout, only then: up
                // to one more send timeout when the canary stops and no waiting task calls for preemption any more.
                long deadline = sent + TimeUnit.MILLISECONDS.toNanos(2 * SEND_TIMEOUT_MS + CLOSE_TIMEOUT_MS + SLACK_MS);
                while (reasons.size() < SLOW) {
                    String close = closes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    assertNotNull(close, reasons.size() + " of " + SLOW + " slow sessions closed in time");
                    reasons.add(close);
                }
                for (String r : reasons) {
                    assertTrue(r.startsWith("close 1006 ") && (r.contains("peer not reading: a blocking send waited")
                            || r.contains("blocking send not completed") || r.contains("peer took no data")), r);
                }
                awaitRounds(canary, canary.rounds() + 2);
                canary.close();
                long preempted = reasons.stream().filter(r -> r.contains("peer not reading")).count();
                System.out.printf("preempted[%s]: %d slow peers closed, %d for waiting longest at the pool's bound"
                        + " (%d sends given up), canary longest %d ms (handshake %d ms, %d ms without slow peers) over %d rounds%n",
                        host.name(), SLOW, preempted, services.preemptedSends(), canary.longestMs(), canary.longestHandshakeMs(), calmMs,
                        canary.rounds());
                assertEquals(List.of(), canary.failures, "canary rounds failed");
                assertTrue(canary.longestMs() < calmMs + 2_000, "the canary waited " + canary.longestMs()
                        + " ms among slow peers, " + calmMs + " ms without");
                assertTrue(services.preemptedSends() > 0 && preempted > 0, "no blocked send was given up");
                assertEquals(services.preemptedSends(), services.meters().counters().stream()
                        .filter(c -> c.name().equals("sends.preempted")).findFirst().orElseThrow().value().getAsLong(),
                        "the sends given up, as the meters publish them");
            }
            long waitMs = Math.max(0, 2 * SEND_TIMEOUT_MS + CLOSE_TIMEOUT_MS + SLACK_MS
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
            List<SlowPeers.Ending> endings = slow.readToEnd((int) Math.max(1, waitMs));
            assertEquals(SLOW, endings.stream().filter(SlowPeers.Ending::ended).count(),
                    "slow peers' TCP connections closed by the server");
            CallbackPool.awaitIdle(services, 5_000); // the attack leaves no callback thread held
            assertEquals(0, services.sendBytesHeld(), "bytes still held for peers");
        }
        long heapGrowth = Heap.usedAfterGc() - heapBefore;
        assertTrue(heapGrowth < 16 << 20, "heap grew by " + heapGrowth + " bytes and stayed");
    }

    private static SessionServices services(String key) throws InterruptedException {
        WharfServerContainer container = (WharfServerContainer) Containers.await(key, 10_000);
        assertNotNull(container, "no session reported its container");
        return container.services();
    }

    private static void awaitRounds(Canary canary, int rounds) throws InterruptedException {
        assertTrue(canary.awaitRounds(rounds, 10_000), "the canary made only " + canary.rounds() + " rounds");
    }
}
