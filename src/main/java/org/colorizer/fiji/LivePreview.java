package org.colorizer.fiji;

import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.process.ColorProcessor;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.colorize.Preview;
import org.colorizer.hints.HintSet;

/**
 * A window that shows an image colorized with its current hints, updated in place after each hint change:
 * {@link #request()} is debounced ({@link #DEBOUNCE_MS}) and the work runs on one background thread, so the
 * Event Dispatch Thread never waits for the network; only the finished pixels are handed to it.
 *
 * <p>The network sees the image at a working size of {@link #WORKING_SIZE} px (long side, whole image, no
 * tiles), and the preview is shown at most {@link #MAX_SIDE} px long; Colorize itself uses the model's full
 * working size, so its colors can differ a little from the preview's.
 */
public final class LivePreview implements AutoCloseable {
    public static final int WORKING_SIZE = 256;
    public static final int MAX_SIDE = 1024;
    public static final long DEBOUNCE_MS = 150;

    private final ImagePlus source;
    private final Colorizer colorizer;
    private final RoiHints.Mode mode;
    private final double radius;
    private final Consumer<String> errors;
    private final ScheduledExecutorService worker;
    private final ImageListener closing;
    private ScheduledFuture<?> pending;
    private volatile ImagePlus shown;
    private volatile List<Lightness> planes;
    private volatile int updates;
    private volatile long lastMillis = -1;
    private volatile String lastError;
    private volatile boolean closed;
    private volatile Runnable onClose;
    /** Requests made, and the number of requests the image on screen reflects. */
    private final AtomicLong requests = new AtomicLong();
    private volatile long shownRequests;

    /**
     * A preview of {@code source} through {@code model} (a view is made; the model is not closed here). Hints
     * come from the source's ROIs as Colorize finds them ({@code mode}, point disks of {@code radius}); errors go
     * to {@code errors} (once per different message).
     */
    public LivePreview(ImagePlus source, Colorizer model, RoiHints.Mode mode, double radius, Consumer<String> errors) {
        this.source = source;
        this.colorizer = model.with(model.settings().withTile(-1).withWorkingSize(WORKING_SIZE));
        this.mode = mode;
        this.radius = radius;
        this.errors = errors;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Colorizer hint preview");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        this.closing = new ImageListener() {
            @Override
            public void imageOpened(ImagePlus imp) {}

            @Override
            public void imageUpdated(ImagePlus imp) {}

            @Override
            public void imageClosed(ImagePlus imp) {
                if (imp == LivePreview.this.source || imp == shown) {
                    close();
                }
            }
        };
        ImagePlus.addImageListener(closing);
    }

    public ImagePlus source() {
        return source;
    }

    /** The preview image (null until the first update is shown). */
    public ImagePlus image() {
        return shown;
    }

    /** Number of updates shown so far. */
    public int updates() {
        return updates;
    }

    /** Milliseconds the last update took off the EDT (hints, network, compose), or -1. */
    public long lastMillis() {
        return lastMillis;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Runs {@code r} once when this preview closes (its window or its source closed, or {@link #close}). */
    public void onClose(Runnable r) {
        this.onClose = r;
    }

    /** Asks for an update after the hints stopped changing for {@link #DEBOUNCE_MS}; returns at once. */
    public synchronized void request() {
        if (closed) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        requests.incrementAndGet();
        pending = worker.schedule(this::update, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    /** Waits (not on the EDT) until at least {@code n} updates were shown; false on timeout. */
    public boolean awaitUpdates(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (updates < n && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return updates >= n;
    }

    /**
     * Waits (not on the EDT) until the preview on screen reflects every request made so far; false on timeout or
     * when the last update failed.
     */
    public boolean awaitCurrent(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (shownRequests < requests.get() && lastError == null && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return shownRequests >= requests.get();
    }

    /** The last update's error message, or null. */
    public String lastError() {
        return lastError;
    }

    private void update() {
        if (closed) {
            return;
        }
        long generation = requests.get();
        long t0 = System.nanoTime();
        try {
            if (planes == null) {
                planes = Preview.lightness(source);
            }
            int slice = Math.max(1, Math.min(planes.size(), source.getCurrentSlice()));
            RoiHints.Found found = RoiHints.find(source, mode, radius);
            HintSet hints = found.isEmpty() ? null : found.slice(slice - 1);
            Lightness l = planes.get(slice - 1);
            int[] wh = Preview.size(l.width(), l.height(), MAX_SIDE);
            int[] px = Preview.render(colorizer, l, hints, wh[0], wh[1]);
            lastMillis = (System.nanoTime() - t0) / 1_000_000;
            int n = found.count();
            lastError = null;
            EventQueue.invokeLater(() -> show(px, wh[0], wh[1], n, generation));
        } catch (RuntimeException e) {
            String msg = "Hint preview of " + source.getTitle() + ": " + e.getMessage();
            if (!msg.equals(lastError)) {
                lastError = msg;
                errors.accept(msg);
            }
        }
    }

    /** On the EDT: the first update opens the window, later ones replace its pixels in place. */
    private void show(int[] px, int w, int h, int hints, long generation) {
        if (closed) {
            return;
        }
        String title = source.getTitle() + " (hint preview)";
        ImagePlus imp = shown;
        if (imp == null || imp.getWidth() != w || imp.getHeight() != h) {
            imp = new ImagePlus(title, new ColorProcessor(w, h, px));
            shown = imp;
            if (!GraphicsEnvironment.isHeadless()) {
                imp.show();
                place(imp);
            }
        } else {
            imp.getProcessor().setPixels(px);
            imp.updateAndDraw();
        }
        imp.setProperty("Info", "Live preview at a working size of " + WORKING_SIZE + " px with " + hints
                + " hints");
        updates++;
        shownRequests = Math.max(shownRequests, generation);
    }

    /** Beside the source window, if the screen has room there. */
    private void place(ImagePlus imp) {
        ImageWindow src = source.getWindow();
        ImageWindow win = imp.getWindow();
        if (src == null || win == null) {
            return;
        }
        Rectangle s = src.getBounds();
        Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
        Rectangle p = win.getBounds();
        int x = s.x + s.width + 8;
        if (x + p.width > screen.x + screen.width) {
            x = Math.max(screen.x, s.x - p.width - 8);
        }
        win.setLocation(x, Math.max(screen.y, s.y));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        worker.shutdown(); // an update under way finishes and is not shown
        ImagePlus.removeImageListener(closing);
        Runnable r = onClose;
        if (r != null) {
            r.run();
        }
    }
}
