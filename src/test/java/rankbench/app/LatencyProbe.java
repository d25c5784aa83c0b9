package rankbench.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
        // 2. slider -> exact accuracy on the validation images, one edit per layer
        List<Long> acc = new ArrayList<>();
        List<Long> estimates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vm.layers().size(); i++) {
            Thread.sleep(1500);
            int idx = i;
            Platform.runLater(() -> vm.layers()
                    .get(idx)
                    .setRank(Math.max(1, vm.layers().get(idx).getRank() / 2)));
            Thread.sleep(50);
            while (vm.summary().evaluatingProperty().get()) {
                Thread.sleep(5);
            }
            names.add(vm.layers().get(idx).getName());
            acc.add(vm.lastAccuracyLatencyNanos());
            estimates.add(vm.lastEstimateLatencyNanos());
        }
        for (int i = 0; i < names.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-16s exact %4.0f ms%n", names.get(i), ms(acc.get(i)));
        }
        System.out.printf(
                Locale.ROOT,
                "slider -> exact accuracy (incl. the debounce): median %.0f ms, max %.0f ms (n=%d)%n",
                ms(median(acc)),
                ms(Collections.max(acc)),
                acc.size());
        System.out.println("slider -> early estimate (ms, or the one of an earlier edit if none was shown): "
                + estimates.stream().map(n -> n / 1_000_000).toList());
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

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
