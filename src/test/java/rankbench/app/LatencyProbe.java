package rankbench.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import javafx.stage.Window;
import rankbench.viewmodel.LayerViewModel;
import rankbench.viewmodel.WorkbenchViewModel;

/**
 * Not a test: measures the window's latencies with the production settings (run by hand under Xvfb,
 * see the issue note). Prints slider-to-summary, slider-to-accuracy and the longest FX-thread pause
 * while fine-tuning runs.
 */
public final class LatencyProbe {

    private LatencyProbe() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        AtomicReference<MainWindow> w = new AtomicReference<>();
        Platform.runLater(() -> w.set(MainWindow.show(
                new Stage(),
                d -> new WorkbenchViewModel(new FxServices.Tasks(), FxServices.UI, d),
                Preferences.userRoot().node("rankbench-probe"))));
        while (w.get() == null
                || w.get().viewModel().dataProperty().get() == null
                || w.get().viewModel().layers().isEmpty()
                || w.get().viewModel().summary().evaluatingProperty().get()) {
            Thread.sleep(100);
        }
        WorkbenchViewModel vm = w.get().viewModel();
        Thread.sleep(1000);
        // 1. slider -> summary (synchronous on the FX thread)
        List<Long> sync = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int idx = 1 + i % (vm.layers().size() - 1);
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                LayerViewModel l = vm.layers().get(idx);
                vm.selectedLayerProperty().set(l);
                Slider s = findSlider(w.get(), l);
                long t0 = System.nanoTime();
                if (s != null) {
                    s.setValue(Math.max(1, l.getRank() / 2));
                } else {
                    l.setRank(Math.max(1, l.getRank() / 2));
                }
                vm.summary().paramsTextProperty().get();
                sync.add(System.nanoTime() - t0);
                done.countDown();
            });
            done.await();
            Thread.sleep(30);
        }
        // 2. slider -> exact accuracy on the validation images, one edit per layer, in rounds: round k sets
        // every layer to 1/(k+2) of its full rank in forward order (so no plan repeats a cached one); the
        // first round runs on a cold JIT, the later ones are what a session settles into.
        int rounds = Integer.getInteger("probe.rounds", 1);
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                Platform.runLater(() ->
                        vm.layers().forEach(l -> l.setRank(l.fullRankProperty().get())));
                Thread.sleep(3000);
            }
            editRound(vm, round);
        }
        // 3. FX-thread pauses while fine-tuning
        Platform.runLater(() -> {
            vm.fineTune().epochsProperty().set(1);
            vm.fineTune().startCommand().execute();
        });
        AtomicLong maxWait = new AtomicLong();
        List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        long begin = System.nanoTime();
        long end = begin + 20_000_000_000L;
        int settledIndex = -1;
        while (System.nanoTime() < end) {
            if (settledIndex < 0 && System.nanoTime() - begin > 2_000_000_000L) {
                settledIndex = waits.size();
            }
            long t0 = System.nanoTime();
            CountDownLatch ran = new CountDownLatch(1);
            Platform.runLater(() -> {
                long d = System.nanoTime() - t0;
                waits.add(d);
                maxWait.accumulateAndGet(d, Math::max);
                ran.countDown();
            });
            ran.await();
            Thread.sleep(2);
        }
        int points = vm.fineTune().loss().size();
        Platform.runLater(() -> vm.fineTune().cancel());
        System.out.printf(
                Locale.ROOT,
                "slider->summary ms: median %.3f max %.3f (n=%d)%n",
                ms(median(sync)),
                ms(Collections.max(sync)),
                sync.size());
        List<Long> sorted = new ArrayList<>(waits);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "FX runLater wait during fine-tune: n=%d median %.2f p99 %.2f max %.2f ms; " + "loss points drawn %d%n",
                sorted.size(),
                ms(sorted.get(sorted.size() / 2)),
                ms(sorted.get((int) (sorted.size() * 0.99))),
                ms(maxWait.get()),
                points);
        List<Long> later = new ArrayList<>(waits.subList(settledIndex, waits.size()));
        System.out.printf(
                Locale.ROOT, "  after the first 2 s (start, tab switch): max %.2f ms%n", ms(Collections.max(later)));
        Thread.sleep(500);
        System.exit(0);
    }

    private static Slider findSlider(MainWindow w, LayerViewModel l) {
        for (Node n : w.viewModel() == null
                ? List.<Node>of()
                : new ArrayList<>(
                        Window.getWindows().get(0).getScene().getRoot().lookupAll(".table-row-cell"))) {
            if (n instanceof TableRow<?> r && r.getItem() == l) {
                return (Slider) r.lookup("#rankSlider");
            }
        }
        return null;
    }

    /** One edit per layer, each to {@code 1/(round+2)} of its full rank; prints latency and CPU per edit. */
    private static void editRound(WorkbenchViewModel vm, int round) throws InterruptedException {
        List<Long> acc = new ArrayList<>();
        List<Long> estimates = new ArrayList<>();
        int divisor = 2 + round;
        for (int i = 0; i < vm.layers().size(); i++) {
            Thread.sleep(1500);
            Map<String, Long> cpu0 = cpuTicksByThread();
            LayerViewModel l = vm.layers().get(i);
            Platform.runLater(() -> l.setRank(Math.max(1, l.fullRankProperty().get() / divisor)));
            Thread.sleep(50);
            while (vm.summary().evaluatingProperty().get()) {
                Thread.sleep(5);
            }
            Map<String, Long> cpu1 = cpuTicksByThread();
            StringBuilder cpu = new StringBuilder();
            cpu1.forEach((name, t) -> {
                long d = t - cpu0.getOrDefault(name, 0L);
                if (d > 0) {
                    cpu.append(' ').append(name).append('=').append(d * 10).append("ms");
                }
            });
            acc.add(vm.lastAccuracyLatencyNanos());
            estimates.add(vm.lastEstimateLatencyNanos());
            System.out.printf(
                    Locale.ROOT, "  %-16s exact %4.0f ms; CPU during it:%s%n", l.getName(), ms(acc.get(i)), cpu);
        }
        System.out.printf(
                Locale.ROOT,
                "round %d: slider -> exact accuracy: median %.0f ms, max %.0f ms (n=%d)%n",
                round + 1,
                ms(median(acc)),
                ms(Collections.max(acc)),
                acc.size());
        System.out.println("  slider -> early estimate (ms, or the one of an earlier edit if none was shown): "
                + estimates.stream().map(n -> n / 1_000_000).toList());
    }

    /** CPU time so far (clock ticks, 10 ms) of this process's threads, native ones too, summed by name. */
    private static Map<String, Long> cpuTicksByThread() {
        Map<String, Long> out = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        for (File t : tasks == null ? new File[0] : tasks) {
            try {
                String name = Files.readString(t.toPath().resolve("comm")).trim();
                String stat = Files.readString(t.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
