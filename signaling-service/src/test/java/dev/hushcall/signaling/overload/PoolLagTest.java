package dev.hushcall.signaling.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.testing.Settled;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class PoolLagTest {

    @Test
    void aPoolWhoseOnlyThreadIsBusyLagsByAsLongAsItStaysBusyAndCatchesUpAfter() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Semaphore busy = new Semaphore(0);
        try (PoolLag lag = new PoolLag()) {
            lag.watch(pool);
            pool.execute(busy::acquireUninterruptibly);

            long whileBusy = Settled.answer(lag::nanos, nanos -> nanos < 100_000_000L);
            busy.release();
            long after = Settled.answer(lag::nanos, nanos -> nanos >= 20_000_000L);

            assertThat(whileBusy).isGreaterThanOrEqualTo(100_000_000L);
            assertThat(after).isLessThan(20_000_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPoolNotYetKnownDoesNotLag() throws InterruptedException {
        try (PoolLag lag = new PoolLag()) {
            Thread.sleep(30);

            assertThat(lag.nanos()).isZero();
        }
    }
}
