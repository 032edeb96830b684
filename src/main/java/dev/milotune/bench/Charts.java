package dev.milotune.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * PNG charts of a bench, drawn with plain Java2D (headless): speedup against accuracy loss per
 * arm, and each arm's cost broken into pre-processing, tuning and retraining.
 */
public final class Charts {

    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    static final int LEFT = 90;
    static final int RIGHT = 40;
    static final int TOP = 60;
    static final int BOTTOM = 70;

    static final Color MILO = new Color(0x1f77b4);
    static final Color RANDOM = new Color(0xff7f0e);
    static final Color ADAPTIVE = new Color(0x2ca02c);
    static final Color FULL = new Color(0x555555);

    private Charts() {
    }

    /** A linear or base-10 logarithmic axis mapping data values onto pixel positions. */
    record Axis(double min, double max, boolean log, int fromPixel, int toPixel) {

        Axis {
            if (!(max > min)) {
                throw new IllegalArgumentException("empty axis range [" + min + ", " + max + "]");
            }
            if (log && !(min > 0)) {
                throw new IllegalArgumentException("a log axis needs a positive minimum: " + min);
            }
        }

        int pixel(double value) {
            double t = log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (value - min) / (max - min);
            return (int) Math.round(fromPixel + t * (toPixel - fromPixel));
        }

        /** Tick values: powers of ten (and 2x, 5x) on a log axis, about six round values on a linear one. */
        List<Double> ticks() {
            java.util.ArrayList<Double> ticks = new java.util.ArrayList<>();
            if (log) {
                for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++) {
                    for (double m : new double[] {1, 2, 5}) {
                        double v = m * Math.pow(10, e);
                        if (v >= min * 0.999 && v <= max * 1.001) {
                            ticks.add(v);
                        }
                    }
                }
                return ticks;
            }
            double step = niceStep((max - min) / 6);
            for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-6; v += step) {
                ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
            }
            return ticks;
        }
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / magnitude;
        double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static Color color(Arm arm) {
        return switch (arm.strategy()) {
            case "milo" -> MILO;
            case "random" -> RANDOM;
            case "adaptive-random" -> ADAPTIVE;
            default -> FULL;
        };
    }

    /**
     * Tuning-wall speedup (x, log) against accuracy delta in pp (y), with the target region of
     * {@link Targets#ISSUE_17}; arms without both numbers are left out. Results without wall times
     * (bench v1, drawn again with {@code --render}) are drawn on their training-seconds speedup.
     */
    public static BufferedImage speedupVsAccuracy(List<BenchAnalysis.Row> rows, String title) {
        return speedupVsAccuracy(rows, java.util.Map.of(), title);
    }

    /** An arm's 95 % intervals over seeds: wall speedup (on the log scale) and accuracy delta. */
    public record Whiskers(Interval wallSpeedup, Interval deltaPoints) {

        /** From a multi-seed aggregate. */
        static Whiskers of(BenchAnalysis.Aggregate a) {
            return new Whiskers(a.wallSpeedup(), a.deltaPoints());
        }
    }

    /**
     * The same, with each arm's intervals drawn through its point (a horizontal bar for the wall
     * speedup, a vertical one for the delta) where {@code intervals} has them and they are bounded.
     */
    public static BufferedImage speedupVsAccuracy(List<BenchAnalysis.Row> rows, java.util.Map<Arm, Whiskers> intervals, String title) {
        boolean wall = rows.stream().anyMatch(r -> Double.isFinite(r.wallSpeedup()));
        java.util.function.ToDoubleFunction<BenchAnalysis.Row> speedup = wall ? BenchAnalysis.Row::wallSpeedup : BenchAnalysis.Row::speedup;
        double target = Targets.ISSUE_17.wallSpeedup();
        double floor = Targets.ISSUE_17.deltaPoints();
        List<BenchAnalysis.Row> drawn = rows.stream().filter(r -> Double.isFinite(speedup.applyAsDouble(r)) && speedup.applyAsDouble(r) > 0
                && Double.isFinite(r.deltaPoints())).toList();
        java.util.Map<Arm, Whiskers> bars = wall ? intervals : java.util.Map.of();
        // The axes hold every point and every bound of its intervals.
        List<Double> xs = new java.util.ArrayList<>();
        List<Double> ys = new java.util.ArrayList<>();
        for (BenchAnalysis.Row r : drawn) {
            xs.add(speedup.applyAsDouble(r));
            ys.add(r.deltaPoints());
            Whiskers b = bars.get(r.arm());
            if (b != null && b.wallSpeedup().bounded()) {
                xs.addAll(List.of(b.wallSpeedup().lo(), b.wallSpeedup().hi()));
            }
            if (b != null && b.deltaPoints().bounded()) {
                ys.addAll(List.of(b.deltaPoints().lo(), b.deltaPoints().hi()));
            }
        }
        double xMin = xs.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double xMax = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        xMin = Math.pow(10, Math.floor(Math.log10(Math.min(xMin, 1) * 0.8)));
        xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(xMax, target) * 1.2)));
        double yMin = Math.min(-1, ys.stream().mapToDouble(Double::doubleValue).min().orElse(-1));
        double yMax = Math.max(0.5, ys.stream().mapToDouble(Double::doubleValue).max().orElse(0.5));
        double pad = (yMax - yMin) * 0.1;
        Axis x = new Axis(xMin, xMax, true, LEFT, WIDTH - RIGHT);
        Axis y = new Axis(yMin - pad, yMax + pad, false, HEIGHT - BOTTOM, TOP);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        frame(g, x, y, title, (wall ? "tuning wall" : "training-seconds") + " speedup vs full data + ASHA (log scale)",
                "test accuracy Δ vs full data + ASHA (pp)",
                v -> (v < 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + "x",
                v -> String.format(Locale.ROOT, "%+.1f", v));
        // Target region: at least the wall speedup, no more accuracy lost than the floor.
        g.setColor(new Color(0, 160, 0, 28));
        int tx = x.pixel(target);
        int ty = y.pixel(Math.min(y.max(), Math.max(y.min(), floor)));
        g.fillRect(tx, TOP, WIDTH - RIGHT - tx, ty - TOP);
        g.setColor(new Color(0, 120, 0));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "target: >= %.0fx, >= %+.1f pp", target, floor), tx + 6, TOP + 16);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, y.pixel(0), WIDTH - RIGHT, y.pixel(0));
        g.drawLine(x.pixel(1), TOP, x.pixel(1), HEIGHT - BOTTOM);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(2f));
        for (BenchAnalysis.Row row : drawn) {
            Whiskers b = bars.get(row.arm());
            if (b == null) {
                continue;
            }
            int px = x.pixel(speedup.applyAsDouble(row));
            int py = y.pixel(row.deltaPoints());
            g.setColor(color(row.arm()));
            if (b.wallSpeedup().bounded()) {
                g.drawLine(x.pixel(b.wallSpeedup().lo()), py, x.pixel(b.wallSpeedup().hi()), py);
                g.drawLine(x.pixel(b.wallSpeedup().lo()), py - 4, x.pixel(b.wallSpeedup().lo()), py + 4);
                g.drawLine(x.pixel(b.wallSpeedup().hi()), py - 4, x.pixel(b.wallSpeedup().hi()), py + 4);
            }
            if (b.deltaPoints().bounded()) {
                g.drawLine(px, y.pixel(b.deltaPoints().lo()), px, y.pixel(b.deltaPoints().hi()));
                g.drawLine(px - 4, y.pixel(b.deltaPoints().lo()), px + 4, y.pixel(b.deltaPoints().lo()));
                g.drawLine(px - 4, y.pixel(b.deltaPoints().hi()), px + 4, y.pixel(b.deltaPoints().hi()));
            }
        }
        g.setStroke(new BasicStroke(1f));
        for (BenchAnalysis.Row row : drawn) {
            int px = x.pixel(speedup.applyAsDouble(row));
            int py = y.pixel(row.deltaPoints());
            g.setColor(color(row.arm()));
            g.fillOval(px - 6, py - 6, 12, 12);
            g.setColor(Color.BLACK);
            g.drawOval(px - 6, py - 6, 12, 12);
            g.drawString(row.arm().id(), px + 9, py - 6);
        }
        legend(g);
        g.dispose();
        return image;
    }

    /** Stacked horizontal bars per arm: pre-processing, tuning, final retrains (seconds). */
    public static BufferedImage costBreakdown(List<BenchAnalysis.Row> rows, String title) {
        int height = Math.max(HEIGHT, TOP + BOTTOM + rows.size() * 34);
        double max = rows.stream().mapToDouble(r -> r.result().endToEndSeconds()).filter(Double::isFinite).max().orElse(1);
        int left = 170;
        Axis x = new Axis(0, Math.max(1, max * 1.05), false, left, WIDTH - RIGHT);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int bottom = height - BOTTOM;
        for (double v : x.ticks()) {
            int px = x.pixel(v);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(px, TOP, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", v);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        g.drawString("seconds (pre-processing + tuning + final retrains)", left, bottom + 40);
        Color[] parts = {new Color(0x9467bd), new Color(0x1f77b4), new Color(0xbbbbbb)};
        int bar = Math.min(24, (bottom - TOP) / Math.max(1, rows.size()) - 8);
        for (int i = 0; i < rows.size(); i++) {
            ArmResult r = rows.get(i).result();
            int py = TOP + 10 + i * ((bottom - TOP - 10) / Math.max(1, rows.size()));
            double[] values = {r.preprocessingSeconds(), r.tuningSeconds(), r.retrainSeconds()};
            double at = 0;
            for (int k = 0; k < values.length; k++) {
                int from = x.pixel(at);
                at += Math.max(0, values[k]);
                g.setColor(parts[k]);
                g.fillRect(from, py, Math.max(0, x.pixel(at) - from), bar);
            }
            g.setColor(Color.BLACK);
            String label = r.arm().id();
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), py + bar / 2 + 5);
        }
        String[] names = {"pre-processing", "tuning", "final retrains"};
        int lx = WIDTH - RIGHT - 360;
        for (int k = 0; k < names.length; k++) {
            g.setColor(parts[k]);
            g.fillRect(lx + k * 120, 40, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names[k], lx + k * 120 + 16, 51);
        }
        g.dispose();
        return image;
    }

    static final Color[] CURVES = {FULL, MILO, new Color(0x17becf), RANDOM, ADAPTIVE, new Color(0xd62728)};

    /** Validation accuracy (y) against training seconds so far (x), one line per curve, the target accuracy dashed. */
    public static BufferedImage timeToAccuracy(List<TrainingCurve> curves, OptionalDouble target, String title) {
        double xMax = curves.stream().mapToDouble(TrainingCurve::totalSeconds).max().orElse(1);
        double yMin = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(TrainingCurve.Point::validationAccuracy).min().orElse(0);
        double yMax = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(TrainingCurve.Point::validationAccuracy).max().orElse(1);
        double pad = Math.max(0.01, (yMax - yMin) * 0.08);
        Axis x = new Axis(0, Math.max(1, xMax * 1.05), false, LEFT, WIDTH - RIGHT);
        Axis y = new Axis(Math.max(0, yMin - pad), Math.min(1, yMax + pad), false, HEIGHT - BOTTOM, TOP);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        frame(g, x, y, title, "training seconds so far", "validation accuracy",
                v -> String.format(Locale.ROOT, "%.0f", v), v -> String.format(Locale.ROOT, "%.0f %%", v * 100));
        if (target.isPresent() && target.getAsDouble() > y.min() && target.getAsDouble() < y.max()) {
            g.setColor(new Color(0, 120, 0));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            int ty = y.pixel(target.getAsDouble());
            g.drawLine(LEFT, ty, WIDTH - RIGHT, ty);
            g.drawString("target (full data best - 1 pp)", LEFT + 6, ty - 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < curves.size(); i++) {
            TrainingCurve c = curves.get(i);
            g.setColor(CURVES[i % CURVES.length]);
            g.setStroke(new BasicStroke(2f));
            int px = x.pixel(0);
            int py = -1;
            for (TrainingCurve.Point p : c.points()) {
                int nx = x.pixel(p.seconds());
                int ny = y.pixel(p.validationAccuracy());
                if (py >= 0) {
                    g.drawLine(px, py, nx, ny);
                }
                g.fillOval(nx - 4, ny - 4, 8, 8);
                px = nx;
                py = ny;
            }
            g.fillRect(WIDTH - RIGHT - 180, HEIGHT - BOTTOM - 20 - 18 * (curves.size() - i), 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(c.arm().id(), WIDTH - RIGHT - 160, HEIGHT - BOTTOM - 14 - 18 * (curves.size() - i));
        }
        g.dispose();
        return image;
    }

    public static void writePng(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void frame(Graphics2D g, Axis x, Axis y, String title, String xLabel, String yLabel,
            java.util.function.DoubleFunction<String> xTick, java.util.function.DoubleFunction<String> yTick) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double v : x.ticks()) {
            int px = x.pixel(v);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String s = xTick.apply(v);
            g.drawString(s, px - fm.stringWidth(s) / 2, HEIGHT - BOTTOM + 16);
        }
        for (double v : y.ticks()) {
            int py = y.pixel(v);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String s = yTick.apply(v);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP);
        g.drawString(xLabel, LEFT + (WIDTH - RIGHT - LEFT - fm.stringWidth(xLabel)) / 2, HEIGHT - BOTTOM + 40);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (HEIGHT - BOTTOM - TOP + fm.stringWidth(yLabel)) / 2), 24);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 32);
    }

    private static void legend(Graphics2D g) {
        String[] names = {"full data", "MILO", "random", "adaptive-random"};
        Color[] colors = {FULL, MILO, RANDOM, ADAPTIVE};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int lx = WIDTH - RIGHT - 440;
        for (int k = 0; k < names.length; k++) {
            g.setColor(colors[k]);
            g.fillOval(lx + k * 110, 40, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(names[k], lx + k * 110 + 14, 50);
        }
    }
}
