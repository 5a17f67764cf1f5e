package org.openanpr.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Every request passes here before Javalin sees it. It puts the request in its {@link Lane} (a class of routes with
 * its own share of the request threads), answers 503 at once when that lane is full, and hands Javalin a body that
 * can be read only up to the lane's byte limit and before the lane's deadline, whatever Content-Length says (a
 * chunked body has none). The thread pool is sized to hold every lane full at once ({@link #threadsNeeded}), so 300
 * slow login bodies fill the login lane only: health, ingest and everything else keep their own threads. Platform
 * threads, not virtual ones: a burst of password checks (bcrypt, CPU-bound) would occupy every carrier thread of a
 * virtual-thread scheduler and starve health, where the operating system time-slices platform threads.
 * Query parameters with control characters (a NUL) are refused here once for every route.
 */
public final class RequestGuard implements Filter {
    /**
     * A class of routes. {@code maxInFlight} requests at most are handled at once (0: no limit, for cheap routes
     * such as health and long-lived ones such as the alert stream); a body may have at most {@code maxBodyBytes} and
     * must have arrived within {@code bodyDeadline} of the request's start. The bodies of the requests in flight may
     * together announce at most {@code maxBytesInFlight} (0: no limit; a body without a length counts as
     * {@code maxBodyBytes}), so a lane can admit many small requests while a few large ones bound what it holds.
     */
    public record Lane(String name, int maxInFlight, long maxBodyBytes, Duration bodyDeadline, long maxBytesInFlight) {
        public Lane(String name, int maxInFlight, long maxBodyBytes, Duration bodyDeadline) {
            this(name, maxInFlight, maxBodyBytes, bodyDeadline, 0);
        }

        /** The KiB a request of this lane holds in {@link #maxBytesInFlight} ({@code length} -1: not announced). */
        int kibOf(long length) {
            return (int) Math.max(1, (length < 0 ? maxBodyBytes : Math.min(length, maxBodyBytes)) + 1023 >> 10);
        }
    }

    /**
     * Threads beyond the lanes' own: unlimited lanes (health), Jetty's acceptors and selectors, and some slack.
     * A request never waits for a place in its lane (that would hold a thread while waiting); a full lane is a 503.
     */
    static final int SPARE_THREADS = 48;

    private final Function<HttpServletRequest, Lane> laneOf;
    private final Map<Lane, Semaphore> places = new LinkedHashMap<>();
    /** Per lane with a byte limit, its {@link Lane#maxBytesInFlight} in KiB. */
    private final Map<Lane, Semaphore> kibibytes = new LinkedHashMap<>();

    /** {@code lanes} lists every lane {@code laneOf} can answer, so that each gets its places once. */
    public RequestGuard(List<Lane> lanes, Function<HttpServletRequest, Lane> laneOf) {
        this.laneOf = laneOf;
        for (Lane lane : lanes) {
            if (lane.maxInFlight() > 0) places.put(lane, new Semaphore(lane.maxInFlight()));
            if (lane.maxBytesInFlight() > 0)
                kibibytes.put(lane, new Semaphore((int) Math.min(Integer.MAX_VALUE, lane.maxBytesInFlight() >> 10)));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        Lane lane = laneOf.apply(req);
        String bad = controlCharacterIn(req.getQueryString());
        if (bad != null) {
            refuse(res, 400, "query parameter '" + bad + "' contains a control character");
            return;
        }
        if (req.getContentLengthLong() > lane.maxBodyBytes()) {
            refuse(res, 413, "body of " + req.getContentLengthLong() + " bytes exceeds the limit of " + lane.maxBodyBytes()
                    + " bytes for " + lane.name());
            return;
        }
        Semaphore lanePlaces = places.get(lane);
        if (lanePlaces != null && !lanePlaces.tryAcquire()) {
            busy(res, "too many " + lane.name() + " requests in progress");
            return;
        }
        Semaphore laneBytes = kibibytes.get(lane);
        int kib = laneBytes == null ? 0 : lane.kibOf(req.getContentLengthLong());
        if (laneBytes != null && !laneBytes.tryAcquire(kib)) {
            if (lanePlaces != null) lanePlaces.release();
            busy(res, "the " + lane.name() + " requests in progress hold as many bytes as the server takes at once ("
                    + lane.maxBytesInFlight() + ")");
            return;
        }
        try {
            // A client that goes silent mid-body is cut off at the deadline rather than at the connection's idle time.
            org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(req);
            if (base != null && base.getHttpChannel() != null && base.getHttpChannel().getIdleTimeout() > lane.bodyDeadline().toMillis())
                base.getHttpChannel().setIdleTimeout(lane.bodyDeadline().toMillis());
            chain.doFilter(new LimitedRequest(req, res, lane, System.nanoTime() + lane.bodyDeadline().toNanos()), response);
        } finally {
            if (lanePlaces != null) lanePlaces.release();
            if (laneBytes != null) laneBytes.release(kib);
        }
    }

    /** Request threads for every lane full at once, plus {@link #SPARE_THREADS}. */
    public int threadsNeeded() {
        return places.keySet().stream().mapToInt(Lane::maxInFlight).sum() + SPARE_THREADS;
    }

    /** The name of the first query parameter holding a control character (after decoding), or null. */
    static String controlCharacterIn(String query) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String decodedName;
            String decodedValue;
            try {
                decodedName = URLDecoder.decode(name, StandardCharsets.UTF_8);
                decodedValue = URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue; // a malformed escape: the routes' own parsing answers for it
            }
            if (hasControl(decodedName) || hasControl(decodedValue)) return hasControl(decodedName) ? "(name)" : decodedName;
        }
        return null;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) return true;
        }
        return false;
    }

    /** A full lane: refused at once, to be sent again shortly. */
    private static void busy(HttpServletResponse res, String reason) throws IOException {
        res.setHeader("Retry-After", "5");
        refuse(res, 503, reason + "; try again shortly");
    }

    private static void refuse(HttpServletResponse res, int status, String reason) throws IOException {
        // whatever body the request has is left unread: the connection closes after the answer
        res.setHeader("Connection", "close");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", io.javalin.http.HttpStatus.forStatus(status).getMessage());
        body.put("reason", reason);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setHeader("Cache-Control", "no-store");
        res.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }

    @Override
    public void init(jakarta.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }

    /** The request as Javalin sees it: its body counted and timed as it is read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final LimitedBody body;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest req, HttpServletResponse res, Lane lane, long deadlineNanos) {
            super(req);
            this.body = new LimitedBody(req, res, lane, deadlineNanos);
        }

        @Override
        public ServletInputStream getInputStream() {
            return body;
        }

        @Override
        public BufferedReader getReader() {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                reader = new BufferedReader(new InputStreamReader(body,
                        encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
            }
            return reader;
        }
    }

    /**
     * Counts the bytes actually read and watches the clock on every read. Going over the lane's limit is a 413 and
     * missing its deadline a 408, thrown as {@link ApiException} so that Javalin answers with the server's usual
     * error body; the rest of the body is then never read.
     */
    private static final class LimitedBody extends ServletInputStream {
        private final HttpServletRequest req;
        private final HttpServletResponse res;
        private final Lane lane;
        private final long deadlineNanos;
        private ServletInputStream in;
        private long read;

        LimitedBody(HttpServletRequest req, HttpServletResponse res, Lane lane, long deadlineNanos) {
            this.req = req;
            this.res = res;
            this.lane = lane;
            this.deadlineNanos = deadlineNanos;
        }

        private ServletInputStream in() throws IOException {
            if (in == null) in = req.getInputStream();
            return in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkDeadline();
            int n;
            try {
                // Never ask for more than one byte past the limit: that byte is enough to know it is exceeded.
                n = in().read(b, off, (int) Math.min(len, lane.maxBodyBytes() - read + 1));
            } catch (IOException e) {
                checkDeadline();
                if (e.getCause() instanceof java.util.concurrent.TimeoutException || e instanceof java.io.InterruptedIOException)
                    throw cutShort(408, "the body did not arrive within " + lane.bodyDeadline().toSeconds() + " s");
                throw e;
            }
            if (n > 0) {
                read += n;
                if (read > lane.maxBodyBytes())
                    throw cutShort(413, "body exceeds the limit of " + lane.maxBodyBytes() + " bytes for " + lane.name());
                checkDeadline();
            }
            return n;
        }

        private void checkDeadline() {
            if (System.nanoTime() - deadlineNanos > 0)
                throw cutShort(408, "the body did not arrive within " + lane.bodyDeadline().toSeconds() + " s");
        }

        /** The rest of the body is not wanted: the connection closes after the answer instead of reading it to the end. */
        private ApiException cutShort(int status, String reason) {
            res.setHeader("Connection", "close");
            return new ApiException(status, reason);
        }

        @Override
        public boolean isFinished() {
            try {
                return in().isFinished();
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public boolean isReady() {
            try {
                return in().isReady();
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("bodies are read blocking, through the limit");
        }
    }
}
