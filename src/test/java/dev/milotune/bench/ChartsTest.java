package dev.milotune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void linearAxisMapsEndsAndMiddle() {
        Charts.Axis y = new Charts.Axis(-2, 2, false, 500, 100);
        assertThat(y.pixel(-2)).isEqualTo(500);
        assertThat(y.pixel(2)).isEqualTo(100);
        assertThat(y.pixel(0)).isEqualTo(300);
        assertThat(y.ticks()).contains(-2.0, 0.0, 2.0);
    }

    @Test
    void logAxisPutsDecadesAtEqualDistances() {
        Charts.Axis x = new Charts.Axis(1, 100, true, 0, 200);
        assertThat(x.pixel(1)).isEqualTo(0);
        assertThat(x.pixel(10)).isEqualTo(100);
        assertThat(x.pixel(100)).isEqualTo(200);
        assertThat(x.ticks()).containsExactly(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0);
        assertThatThrownBy(() -> new Charts.Axis(0, 10, true, 0, 100)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Charts.Axis(3, 3, false, 0, 100)).hasMessageContaining("empty");
    }

    @Test
    void niceSteps() {
        assertThat(Charts.niceStep(0.7)).isEqualTo(1.0);
        assertThat(Charts.niceStep(3)).isEqualTo(5.0);
        assertThat(Charts.niceStep(140)).isEqualTo(200.0);
    }

    @Test
    void speedupChartDrawsAPointPerArmInItsColour() {
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(BenchReportTest.results());
        BufferedImage image = Charts.speedupVsAccuracy(rows, "test");
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        // Same axes as the chart: x from 0.1 (speedups down to 1/3) to 100 (at least 20x shown), y padded around the
        // deltas [-2.0 (milo-5), +0.5 (full-none)].
        Charts.Axis x = new Charts.Axis(0.1, 100, true, Charts.LEFT, Charts.WIDTH - Charts.RIGHT);
        double pad = 2.5 * 0.1;
        Charts.Axis y = new Charts.Axis(-2.0 - pad, 0.5 + pad, false, Charts.HEIGHT - Charts.BOTTOM, Charts.TOP);
        BenchAnalysis.Row milo = rows.get(2);
        int rgb = image.getRGB(x.pixel(milo.speedup()), y.pixel(milo.deltaPoints())) & 0xffffff;
        assertThat(rgb).isEqualTo(Charts.MILO.getRGB() & 0xffffff);
        BenchAnalysis.Row random = rows.get(4);
        assertThat(image.getRGB(x.pixel(random.speedup()), y.pixel(random.deltaPoints())) & 0xffffff)
                .isEqualTo(Charts.RANDOM.getRGB() & 0xffffff);
    }

    @Test
    void speedupChartPlacesArmsOnTheirWallSpeedup() {
        // milo-10's tuning wall halved to 5 s: 40x on wall clock, still 20x on training seconds.
        List<ArmResult> results = new java.util.ArrayList<>(BenchReportTest.results());
        ArmResult milo = results.get(2);
        results.set(2, milo.withWall(new ArmResult.Wall(5, 0, milo.wall().oneRetrainSeconds(), true, 0)));
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(results);
        BufferedImage image = Charts.speedupVsAccuracy(rows, "test");
        Charts.Axis x = new Charts.Axis(0.1, 100, true, Charts.LEFT, Charts.WIDTH - Charts.RIGHT);
        Charts.Axis y = new Charts.Axis(-2.0 - 0.25, 0.5 + 0.25, false, Charts.HEIGHT - Charts.BOTTOM, Charts.TOP);
        assertThat(image.getRGB(x.pixel(40), y.pixel(rows.get(2).deltaPoints())) & 0xffffff).isEqualTo(Charts.MILO.getRGB() & 0xffffff);
        assertThat(image.getRGB(x.pixel(20), y.pixel(rows.get(2).deltaPoints())) & 0xffffff).isNotEqualTo(Charts.MILO.getRGB() & 0xffffff);
    }

    @Test
    void speedupChartDrawsEachArmsIntervalsThroughItsPoint() {
        List<ArmResult> results = new java.util.ArrayList<>(BenchReportTest.results());
        ArmResult milo = results.get(2);
        results.set(2, milo.withWall(new ArmResult.Wall(5, 0, milo.wall().oneRetrainSeconds(), true, 0)));
        List<BenchAnalysis.Row> rows = BenchAnalysis.rows(results);
        BenchAnalysis.Row row = rows.get(2);
        // 40x [20x, 60x], delta d [d - 0.4, d + 0.4]: inside the axes the points alone give.
        double d = row.deltaPoints();
        Charts.Whiskers bars = new Charts.Whiskers(new Interval(10, 40, 0.1, 20, 60), new Interval(10, d, 0.5, d - 0.4, d + 0.4));
        BufferedImage with = Charts.speedupVsAccuracy(rows, java.util.Map.of(row.arm(), bars), "test");
        BufferedImage without = Charts.speedupVsAccuracy(rows, "test");
        Charts.Axis x = new Charts.Axis(0.1, 100, true, Charts.LEFT, Charts.WIDTH - Charts.RIGHT);
        Charts.Axis y = new Charts.Axis(-2.0 - 0.25, 0.5 + 0.25, false, Charts.HEIGHT - Charts.BOTTOM, Charts.TOP);
        int colour = Charts.MILO.getRGB() & 0xffffff;
        // On the horizontal bar left of the point, and on the vertical bar below it: the arm's colour, only with intervals.
        assertThat(with.getRGB(x.pixel(25), y.pixel(d)) & 0xffffff).isEqualTo(colour);
        assertThat(without.getRGB(x.pixel(25), y.pixel(d)) & 0xffffff).isNotEqualTo(colour);
        assertThat(with.getRGB(x.pixel(40), y.pixel(d - 0.3)) & 0xffffff).isEqualTo(colour);
        assertThat(without.getRGB(x.pixel(40), y.pixel(d - 0.3)) & 0xffffff).isNotEqualTo(colour);
    }

    @Test
    void costChartAndPngRoundTrip(@TempDir Path dir) throws Exception {
        BufferedImage image = Charts.costBreakdown(BenchAnalysis.rows(BenchReportTest.results()), "cost");
        Path file = dir.resolve("cost.png");
        Charts.writePng(image, file);
        assertThat(Files.size(file)).isPositive();
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(image.getWidth());
        long nonWhite = 0;
        for (int px = 0; px < back.getWidth(); px += 3) {
            for (int py = 0; py < back.getHeight(); py += 3) {
                if ((back.getRGB(px, py) & 0xffffff) != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertThat(nonWhite).as("bars and labels were drawn").isGreaterThan(1000);
    }
}
