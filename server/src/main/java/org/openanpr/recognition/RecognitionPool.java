package org.openanpr.recognition;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Recognition in its own bounded pool, so that images never hold up text reads: a fixed number of worker threads,
 * each with its own {@link PlateRecognizer} (ONNX sessions on one thread), and a bounded queue. A full queue is
 * refused at once ({@link PlateReader.Busy}: back-pressure to the sender), never buffered without end. The models are
 * loaded at the first image, so a server that never receives one does not pay for them.
 * Metrics: {@code anpr_recognition_queue} (images waiting), {@code anpr_recognition_seconds} (time per image, by
 * stage), {@code anpr_recognition_wait_seconds} (time queued), {@code anpr_recognition_images_total} (by outcome).
 */
public final class RecognitionPool implements PlateReader, AutoCloseable {
    /** The longest a caller waits for its image, queue included. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ThreadPoolExecutor executor;
    private final ThreadLocal<PlateRecognizer> recognizers;
    private final List<PlateRecognizer> loaded = new CopyOnWriteArrayList<>();
    private final ImageDecoder decoder;
    private final int queueCapacity;
    private final Histogram seconds;
    private final Histogram waitSeconds;
    private final Counter images;

    /**
     * @param workers       threads, each using one core while it works
     * @param queueCapacity images that may wait; one more is refused
     */
    public RecognitionPool(int workers, int queueCapacity, ImageDecoder decoder, PrometheusRegistry registry) {
        this(workers, queueCapacity, decoder, registry, PlateRecognizer::load);
    }

    RecognitionPool(int workers, int queueCapacity, ImageDecoder decoder, PrometheusRegistry registry,
                    Supplier<PlateRecognizer> factory) {
        if (workers < 1 || queueCapacity < 0) throw new IllegalArgumentException("workers >= 1, queue >= 0");
        this.decoder = decoder;
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "recognition-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        recognizers = ThreadLocal.withInitial(() -> {
            PlateRecognizer r = factory.get();
            loaded.add(r);
            return r;
        });
        GaugeWithCallback.builder().name("anpr_recognition_queue").help("Images waiting for plate recognition")
                .callback(cb -> cb.call(executor.getQueue().size())).register(registry);
        GaugeWithCallback.builder().name("anpr_recognition_busy_workers").help("Recognition workers busy with an image")
                .callback(cb -> cb.call(executor.getActiveCount())).register(registry);
        seconds = Histogram.builder().name("anpr_recognition_seconds")
                .help("Time to recognise one image on one core, by stage (decode, detect, read, total)")
                .labelNames("stage").classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5).register(registry);
        waitSeconds = Histogram.builder().name("anpr_recognition_wait_seconds")
                .help("Time an image waited in the recognition queue")
                .classicUpperBounds(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5).register(registry);
        images = Counter.builder().name("anpr_recognition_images_total")
                .help("Images recognised, by outcome (plate, none, bad_image, busy)").labelNames("outcome").register(registry);
    }

    /**
     * The server's pool: one worker per four cores (at least one), so recognition never takes more than a quarter of
     * the machine from ingest and search, and 8 images waiting at most: a request waiting for its image holds a place
     * in the ingest lane (32), so images can never take more than 8 + workers of them from text reads. {@code ANPR_RECOGNITION_WORKERS} and
     * {@code ANPR_RECOGNITION_QUEUE} override them.
     */
    public static RecognitionPool defaults(PrometheusRegistry registry) {
        int workers = envInt("ANPR_RECOGNITION_WORKERS", Math.max(1, Runtime.getRuntime().availableProcessors() / 4));
        int queue = envInt("ANPR_RECOGNITION_QUEUE", 8);
        return new RecognitionPool(workers, queue,
                new ImageDecoder(RecognitionResult.MAX_IMAGE_BYTES, RecognitionResult.MAX_PIXELS), registry);
    }

    private static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: " + v);
        }
    }

    /** Images waiting now. */
    public int queued() {
        return executor.getQueue().size();
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    /** Recognises the image in the pool and waits for it. */
    public PlateRecognizer.Recognition recognize(byte[] image) {
        BufferedImage decoded;
        long start = System.nanoTime();
        try {
            decoded = decoder.decode(image);
        } catch (ImageDecoder.BadImage e) {
            images.labelValues("bad_image").inc();
            throw e;
        }
        seconds.labelValues("decode").observe((System.nanoTime() - start) / 1e9);
        long queuedAt = System.nanoTime();
        Future<PlateRecognizer.Recognition> result;
        try {
            result = executor.submit(() -> {
                waitSeconds.observe((System.nanoTime() - queuedAt) / 1e9);
                return recognizers.get().recognize(decoded);
            });
        } catch (RejectedExecutionException e) {
            images.labelValues("busy").inc();
            throw new Busy("plate recognition is busy (" + queueCapacity + " images waiting); send again later");
        }
        try {
            PlateRecognizer.Recognition r = result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            seconds.labelValues("detect").observe(r.detectMillis() / 1e3);
            seconds.labelValues("read").observe(r.readMillis() / 1e3);
            seconds.labelValues("total").observe(r.millis() / 1e3);
            images.labelValues(r.candidates().isEmpty() ? "none" : "plate").inc();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("interrupted while waiting for recognition", e);
        } catch (TimeoutException e) {
            result.cancel(true);
            images.labelValues("busy").inc();
            throw new Busy("plate recognition did not finish within " + TIMEOUT.toSeconds() + " s; send again later");
        } catch (ExecutionException e) {
            throw new IllegalStateException("recognition failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Optional<PlateRead> read(byte[] image) {
        PlateRecognizer.Candidate best = recognize(image).best();
        return best == null ? Optional.empty()
                : Optional.of(new PlateRead(best.plate(), best.country(), best.confidence(), best.box()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loaded.forEach(PlateRecognizer::close);
    }
}
