package org.knlab.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knlab.experiments.ProgressListener;

/** Progress of a long command as a bar on stderr (count, rate, ETA; me.tongfei:progressbar), stdout left to results. */
final class ProgressBars {

    private ProgressBars() {}

    /** A listener drawing one bar per run of the work: created at the first report, closed when done reaches total. */
    static ProgressListener of(String task, String unit) {
        ProgressBar[] bar = {null};
        return (done, total) -> {
            if (bar[0] == null) {
                bar[0] = new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(total)
                        .setUnit(" " + unit, 1)
                        .showSpeed()
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build();
            }
            bar[0].maxHint(total);
            bar[0].stepTo(done);
            if (done >= total) {
                bar[0].close();
                bar[0] = null;
            }
        };
    }
}
