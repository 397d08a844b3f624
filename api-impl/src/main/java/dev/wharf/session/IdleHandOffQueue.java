package dev.wharf.session;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded FIFO blocking queue that knows how many takers wait, so that an element can be given only to a taker
 * that is idle now ({@link #tryTransfer}), as {@link java.util.concurrent.LinkedTransferQueue} does. One lock guards
 * the elements and the count of takers, so a transfer and a taker's timeout never pass each other: an element
 * transferred is always taken.
 *
 * <p>Why not {@code LinkedTransferQueue}: on Java 17 its timed {@code poll} may neither return at its timeout nor
 * park (JDK-8301341, fixed in Java 22 and 21.0.2, not in 17): a worker of the callback pool stayed in it, runnable,
 * after its keep-alive had long passed (one thread in eight bursts of {@code SessionServicesTest}, "one callback
 * thread left" after the idle keep-alive; a stack in {@code LinkedTransferQueue.awaitMatch} while on a CPU).
 *
 * <p>Offers (and {@link #size}) barge: they take the lock whenever it is free for a moment ({@link #lockToOffer})
 * instead of queuing behind the takers parked for it. Offers come from host threads (Tomcat's and Jetty's readers,
 * Undertow's I/O threads, handing a message to the callback pool) and the pool's timer; takers are the pool's own
 * threads, up to hundreds of them. When offers queued for the lock like the takers, a JFR recording of {@code slow-readers} at 1,000
 * peers (issue #19) showed Tomcat's threads parked in {@link #tryTransfer} 978 times for 10 ms or more, 244 s in
 * all, the longest 992 ms, and Undertow's I/O threads up to 148 ms: the threads that read every other connection
 * and answer every handshake (the canary's among them) waited behind the callback threads' turns.
 */
class IdleHandOffQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    /**
     * Tries of {@link #lockToOffer} before it queues for the lock like anyone: each failed one yields the CPU (so the
     * holder can run and release it on two cores), rather than spinning on it.
     */
    private static final int OFFER_TRIES = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<E> elements = new ArrayDeque<>();
    /** Takers waiting in {@link #awaitElement} now; guarded by {@link #lock}. */
    private int waiting;

    /**
     * Adds {@code e} only if a taker waits that no element queued before is already promised to; false otherwise
     * (then nothing changed).
     */
    final boolean tryTransfer(E e) {
        lockToOffer();
        try {
            if (waiting <= elements.size()) {
                return false;
            }
            elements.add(e);
            nonEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code e} at the tail, whether or not a taker waits. */
    final void enqueue(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        lockToOffer();
        try {
            elements.add(e);
            nonEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the lock as soon as it is free, before a parked taker woken by its release gets to it ({@code tryLock}
     * barges); after {@link #OFFER_TRIES} tries, queues for it.
     */
    private void lockToOffer() {
        for (int i = 0; i < OFFER_TRIES; i++) {
            if (lock.tryLock()) {
                return;
            }
            Thread.yield();
        }
        lock.lock();
    }

    /** The head, or null at once if there is none. */
    final E pollNow() {
        lock.lock();
        try {
            return elements.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code nanos} (forever if negative) for an element, counted as a waiting taker meanwhile; null if
     * none came in time.
     */
    final E awaitElement(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        waiting++;
        try {
            while (elements.isEmpty()) {
                if (nanos < 0) {
                    nonEmpty.await();
                } else if (nanos == 0) {
                    return null;
                } else {
                    nanos = Math.max(0, nonEmpty.awaitNanos(nanos));
                }
            }
            return elements.poll();
        } finally {
            waiting--;
            lock.unlock();
        }
    }

    @Override
    public boolean offer(E e) {
        enqueue(e);
        return true;
    }

    /** As {@link #enqueue}, whatever a subclass's {@code offer} decides ({@code AbstractQueue.add} would call it). */
    @Override
    public boolean add(E e) {
        enqueue(e);
        return true;
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) {
        return offer(e);
    }

    @Override
    public void put(E e) {
        offer(e);
    }

    @Override
    public E poll() {
        return pollNow();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        E e = next();
        return e != null ? e : awaitElement(Math.max(0, unit.toNanos(timeout)));
    }

    @Override
    public E take() throws InterruptedException {
        E e = next();
        return e != null ? e : awaitElement(-1);
    }

    /** What a taker gets without waiting, before it waits for an element: the head here; a subclass may add sources. */
    E next() {
        return pollNow();
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return elements.peek();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lockToOffer();
        try {
            return elements.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean remove(Object o) {
        lock.lock();
        try {
            return elements.remove(o);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        if (c == this) {
            throw new IllegalArgumentException();
        }
        lock.lock();
        try {
            int n = 0;
            for (E e; n < maxElements && (e = elements.poll()) != null; n++) {
                c.add(e);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, whose {@code remove} removes the element from the queue if it is still there. */
    @Override
    public Iterator<E> iterator() {
        List<E> snapshot;
        lock.lock();
        try {
            snapshot = new ArrayList<>(elements);
        } finally {
            lock.unlock();
        }
        Iterator<E> it = snapshot.iterator();
        return new Iterator<>() {
            private E last;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public E next() {
                last = it.next();
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                IdleHandOffQueue.this.remove(last);
                last = null;
            }
        };
    }
}
