package dev.wharf.samples.feed;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes one update per period to every subscriber. The timer thread runs only while someone is subscribed, so an
 * idle or undeployed application keeps no thread alive.
 *
 * <p>An update is one text line, {@code tick=42 time=12:00:01 subscribers=3 price=101.37}: the time in UTC, the
 * price a random walk, something to draw.
 */
final class Ticker {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC);

    private final long periodMs;
    private final Clock clock;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final SplittableRandom random = new SplittableRandom();
    private ScheduledExecutorService timer;
    private long tick;
    private double price = 100;

    Ticker(long periodMs, Clock clock) {
        this.periodMs = periodMs;
        this.clock = clock;
    }

    synchronized void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wharf-samples-feed");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty() && timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Builds the update once and offers the same String to everyone; each offer returns at once. */
    private void tick() {
        String update = nextUpdate();
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(update);
        }
    }

    private synchronized String nextUpdate() {
        tick++;
        price = Math.max(1, price + random.nextDouble(-1, 1));
        return "tick=" + tick
                + " time=" + TIME.format(clock.instant().truncatedTo(ChronoUnit.SECONDS))
                + " subscribers=" + subscribers.size()
                + " price=" + String.format(Locale.ROOT, "%.2f", price);
    }
}
