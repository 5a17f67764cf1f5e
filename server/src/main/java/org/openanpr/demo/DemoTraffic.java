package org.openanpr.demo;

import org.openanpr.camera.Camera;
import org.openanpr.passage.IncomingRead;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Simulated traffic for a {@link DemoRegion}: a fixed vehicle population driving routes through the camera
 * network, commuters repeating their journeys daily, the mobile cameras driving their loops, all with the day's
 * rhythm and the misreads of real cameras.
 *
 * <p>Everything is derived from the seed, and the simulation is event-driven in simulated time: it advances only
 * when asked for reads, always in time order, so the same seed and the same sequence of calls give the same reads.
 * Calls are expected to move forward in time; reads of an interval that was skipped are dropped.
 */
public final class DemoTraffic {
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    /** At least this many vehicles; higher rates get more, so that each is seen a few times a day, not dozens. */
    static final int MIN_POPULATION = 20_000;
    private static final int VEHICLES_PER_READ_PER_SECOND = 20_000;
    private static final int MAX_POPULATION = 200_000;

    /** Share of each country in the population; the rest is Dutch. */
    private static final double BELGIAN = 0.04;
    private static final double GERMAN = 0.03;
    private static final double FRENCH = 0.01;
    private static final double BRITISH = 0.01;

    /** Commuters are meant to make this share of all reads, but never more than this part of the vehicles. */
    static final double COMMUTER_SHARE = 0.12;
    private static final double MAX_COMMUTER_FRACTION = 0.25;

    /** Dirty or unusual plates: the camera reads the characters but not the country. */
    static final double COUNTRY_UNREAD = 0.10;

    /** Started cold, the roads would be empty for the first minutes; simulate a little before the first call. */
    static final Duration WARM_UP = Duration.ofMinutes(30);

    /** A vehicle is not picked again until this long after its last sighting: no car is in two places at once. */
    private static final Duration TURNAROUND = Duration.ofMinutes(20);

    /** Mean minutes, after the turnaround, before the genuine vehicle of the cloned plate drives again. */
    static final int CLONE_TRIP_MINUTES = 10;

    /** The demo's first clone alert comes within this of the start (the opening move of {@link ClonedPlate}). */
    static final Duration FIRST_CLONE = Duration.ofMinutes(3);

    /** Mean minutes between two speeders through the demo section. */
    static final int SPEEDER_MINUTES = 15;

    /**
     * Mean minutes the demo's burglar waits, after the {@link #BURGLAR_DRIVE} to the next of its scenes
     * ({@link #BURGLARY_SCENES}), before it passes that scene's camera.
     */
    static final int BURGLAR_MINUTES = 10;

    /** The least time between two scenes of the burglar: it drives there, a few km through town. */
    static final Duration BURGLAR_DRIVE = Duration.ofMinutes(10);

    /**
     * Three city entry roads where the demo's burglar is seen in turn (Zuilen, Lombok, Biltse Rijksweg): a stakeout of
     * circles around them over the last hours, present at 3 of 3, ranks the burglar first (docs/investigations.md).
     */
    public static final List<String> BURGLARY_SCENES = List.of("UT-ASW-01", "UT-VLW-01", "UT-BRW-01");
    /** Mean minutes between two hoppers ({@link DemoProfiles}). */
    static final int HOPPER_MINUTES = 20;

    private final DemoRegion region;
    private final RoadNetwork roads;
    private final Vehicle genuine;
    private final Vehicle clonedPlate;
    /** Where the cloned plate's opening move is seen: the genuine vehicle at the first camera, the clone at the second. */
    private final Map.Entry<String, String> opening;
    private final Vehicle burglar;
    private final DayProfile profile = new DayProfile(ZONE);
    private final double readsPerSecond;
    private final List<Vehicle> vehicles;
    private final List<Vehicle> roamers;
    private final List<Commuter> commuters;
    private final long[] busyUntilMillis;
    private final double tripReadShare;
    private final List<Source> sources = new ArrayList<>();
    private final PriorityQueue<GeneratedRead> pending = new PriorityQueue<>(GeneratedRead.CHRONOLOGICAL);
    private Instant simulatedUntil;
    private long lastTripId;

    public DemoTraffic(DemoRegion region, double readsPerSecond, long seed) {
        if (!(readsPerSecond > 0) || Double.isInfinite(readsPerSecond)) {
            throw new IllegalArgumentException("readsPerSecond must be positive, got " + readsPerSecond);
        }
        this.region = Objects.requireNonNull(region, "region");
        this.readsPerSecond = readsPerSecond;
        this.roads = new RoadNetwork(region);

        // One stream per concern, split in a fixed order, so adding draws in one never shifts another.
        SplittableRandom master = new SplittableRandom(seed);
        SplittableRandom populationRng = master.split();
        SplittableRandom commuterRng = master.split();
        SplittableRandom tripRng = master.split();

        int size = (int) Math.clamp(Math.ceil(readsPerSecond * VEHICLES_PER_READ_PER_SECOND), MIN_POPULATION, MAX_POPULATION);
        this.vehicles = generatePopulation(size, populationRng);
        this.busyUntilMillis = new long[size];
        Arrays.fill(busyUntilMillis, Long.MIN_VALUE);

        double dailyReads = readsPerSecond * 86_400;
        List<Commuter> chosen = new ArrayList<>();
        double commuterReads = 0;
        int maxCommuters = (int) (size * MAX_COMMUTER_FRACTION);
        while (chosen.size() < maxCommuters && commuterReads < COMMUTER_SHARE * dailyReads) {
            Commuter c = newCommuter(vehicles.get(chosen.size()), commuterRng);
            chosen.add(c);
            commuterReads += c.readsPerDay();
        }
        this.commuters = List.copyOf(chosen);
        // the last vehicle is kept out of the ordinary traffic: its plate is the demo's cloned plate (ClonedPlate)
        this.roamers = vehicles.subList(commuters.size(), vehicles.size() - 1);

        double mobileShare = 0;
        for (PatrolRoute p : region.patrols()) {
            mobileShare += p.shareOfReads();
            sources.add(new PatrolSightings(p, master.split()));
        }
        this.tripReadShare = Math.max(0.05, 1 - mobileShare - commuterReads / dailyReads);
        sources.add(new TripDepartures(tripRng));
        sources.add(new CommuteDays(commuterRng));
        sources.add(new Speeders(master.split()));
        this.genuine = vehicles.getLast();
        this.clonedPlate = cloneOf(genuine);
        this.opening = farthestDescribing(region);
        sources.add(new ClonedPlate(master.split()));
        SplittableRandom burglarRng = master.split();
        int sidecode = Plates.dutchSidecode(burglarRng);
        this.burglar = new Vehicle(1_000_000, Plates.dutch(sidecode, burglarRng), "NL", sidecode, 1.0);
        Set<String> ids = new HashSet<>();
        region.cameras().forEach(c -> ids.add(c.id()));
        if (ids.containsAll(BURGLARY_SCENES)) sources.add(new Burglar(burglarRng));
        sources.add(new Hopper(master.split()));
    }

    /**
     * A second vehicle carrying the plate of {@link #genuine} (a "dubbel kenteken"), of another make and colour, so that
     * cameras that describe vehicles tell the two apart. Its id lies beyond the population's.
     */
    private Vehicle cloneOf(Vehicle victim) {
        for (int id = vehicles.size(); ; id++) {
            Vehicle clone = new Vehicle(id, victim.plate(), victim.country(), victim.sidecode(), 1.0);
            if (!clone.look().make().equals(victim.look().make()) && !clone.look().colour().equals(victim.look().colour())) return clone;
        }
    }

    /** The vehicle seen at each of the {@link #BURGLARY_SCENES} in turn, for the stakeout to find. */
    Vehicle burglar() {
        return burglar;
    }

    /** The vehicle that drives around with a copy of a commuter's plate (the demo's cloned plate). */
    Vehicle clonedPlate() {
        return clonedPlate;
    }

    /**
     * Every {@code step}-th vehicle's plate and country, commuters first (they pass cameras daily), for the demo's
     * reference lists; different offsets give disjoint samples.
     */
    public List<String[]> samplePlates(int offset, int step, int count) {
        List<String[]> out = new ArrayList<>(count);
        for (int i = offset; i < vehicles.size() && out.size() < count; i += step)
            out.add(new String[] {vehicles.get(i).plate(), vehicles.get(i).country()});
        return out;
    }

    /** Reads whose time lies in [from, to), in time order. */
    public List<IncomingRead> readsBetween(Instant from, Instant to) {
        return generateBetween(from, to).stream().map(GeneratedRead::read).toList();
    }

    synchronized List<GeneratedRead> generateBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) return List.of();
        // First call, or a jump far ahead (a laptop waking up): start afresh rather than simulate the gap.
        if (simulatedUntil == null || from.isAfter(simulatedUntil.plus(WARM_UP))) restart(from.minus(WARM_UP));
        while (true) {
            Source next = null;
            for (Source s : sources) {
                if (next == null || s.next().isBefore(next.next())) next = s;
            }
            if (next == null || !next.next().isBefore(to)) break;
            next.fire();
        }
        if (to.isAfter(simulatedUntil)) simulatedUntil = to;
        List<GeneratedRead> out = new ArrayList<>();
        // A read's time is kept to the millisecond: one that happens right at the start of this window (the clone's
        // opening move falls on whole seconds from the start) is truncated to before a 'from' with a fraction of a
        // millisecond, and would be dropped as warm-up.
        Instant since = from.truncatedTo(ChronoUnit.MILLIS);
        while (!pending.isEmpty() && pending.peek().at().isBefore(to)) {
            GeneratedRead r = pending.poll();
            if (!r.at().isBefore(since)) out.add(r);
        }
        return out;
    }

    List<Vehicle> vehicles() {
        return vehicles;
    }

    List<Commuter> commuters() {
        return commuters;
    }


    private void restart(Instant start) {
        pending.clear();
        simulatedUntil = start;
        for (Source s : sources) s.begin(start);
    }

    private static List<Vehicle> generatePopulation(int size, RandomGenerator rng) {
        List<Vehicle> out = new ArrayList<>(size);
        Set<String> seen = new HashSet<>(size * 2);
        while (out.size() < size) {
            double r = rng.nextDouble();
            String country;
            String plate;
            int sidecode = 0;
            if (r < BELGIAN) {
                country = "BE";
                plate = Plates.belgian(rng);
            } else if ((r -= BELGIAN) < GERMAN) {
                country = "DE";
                plate = Plates.german(rng);
            } else if ((r -= GERMAN) < FRENCH) {
                country = "FR";
                plate = Plates.french(rng);
            } else if ((r -= FRENCH) < BRITISH) {
                country = "GB";
                plate = Plates.british(rng);
            } else {
                country = "NL";
                sidecode = Plates.dutchSidecode(rng);
                plate = Plates.dutch(sidecode, rng);
            }
            double pace = Math.clamp(1 + rng.nextGaussian() * 0.07, 0.85, 1.2);
            // Uniqueness on the wire form: that is the identity the back office sees.
            if (seen.add(Plates.wire(plate))) out.add(new Vehicle(out.size(), plate, country, sidecode, pace));
        }
        return List.copyOf(out);
    }

    private Commuter newCommuter(Vehicle v, RandomGenerator rng) {
        LocalTime morning = clockTime(7.75, 0.6, 6.0, 9.5, rng);
        LocalTime evening = clockTime(17.0, 0.75, 15.0, 19.5, rng);
        return new Commuter(v, roads.commuteRoute(rng), morning, roads.commuteRoute(rng), evening);
    }

    private static LocalTime clockTime(double meanHour, double sdHours, double minHour, double maxHour, RandomGenerator rng) {
        double h = Math.clamp(meanHour + rng.nextGaussian() * sdHours, minHour, maxHour);
        return LocalTime.ofSecondOfDay((long) (h * 3600));
    }

    /** Plans all passages of one journey and queues them; returns when the vehicle passed its last camera. */
    private Instant drive(long tripId, Vehicle v, List<String> route, Instant departure, RandomGenerator rng) {
        Instant t = departure;
        for (int i = 0; i < route.size(); i++) {
            Double kmh = null;
            if (i > 0) {
                RoadLink link = roads.link(route.get(i - 1), route.get(i));
                kmh = link.road().freeFlowKmh * v.pace() * congestion(link.road(), t);
                t = t.plusMillis(Math.round(roads.roadKm(link) / kmh * 3_600_000));
            }
            pending.add(read(route.get(i), v, t, null, tripId, rng, kmh));
        }
        return t;
    }

    /** A trip at one speed throughout, whatever the road and the hour: how a speeder drives. */
    private Instant driveAt(long tripId, Vehicle v, List<String> route, Instant departure, RandomGenerator rng, double kmh) {
        Instant t = departure;
        for (int i = 0; i < route.size(); i++) {
            if (i > 0) {
                RoadLink link = roads.link(route.get(i - 1), route.get(i));
                t = t.plusMillis(Math.round(roads.roadKm(link) / kmh * 3_600_000));
            }
            pending.add(read(route.get(i), v, t, null, tripId, rng, i > 0 ? kmh : null));
        }
        return t;
    }

    /** Rush hour slows motorways most: they carry the peak, city roads are capped by their lights anyway. */
    private double congestion(RoadLink.Road road, Instant t) {
        double p = profile.at(t);
        return road == RoadLink.Road.MOTORWAY
                ? Math.clamp(1.3 - 0.35 * p, 0.45, 1.0)
                : Math.clamp(1.15 - 0.2 * p, 0.6, 1.0);
    }

    /** @param kmh the vehicle's speed on the road it came by, which a describing camera reports (rounded), or null */
    private GeneratedRead read(String cameraId, Vehicle v, Instant at, GeoPoint position, long tripId, RandomGenerator rng,
                               Double kmh) {
        boolean correct = rng.nextDouble() < OcrNoise.CORRECT_SHARE;
        String truth = v.wirePlate();
        String plate = correct ? truth : OcrNoise.misread(truth, rng);
        double confidence = OcrNoise.confidence(correct, rng);
        String country = rng.nextDouble() < COUNTRY_UNREAD ? null : v.country();
        Instant time = at.truncatedTo(ChronoUnit.MILLIS);
        OffsetDateTime stamp = time.atZone(ZONE).toOffsetDateTime();
        Double lat = position == null ? null : position.lat();
        Double lon = position == null ? null : position.lon();
        IncomingRead read;
        if (describes(cameraId)) {
            Vehicle.Look look = v.look();
            read = new IncomingRead(uuid(rng), cameraId, plate, country, confidence, stamp, lat, lon, null, null,
                    look.make(), null, look.colour(), look.type(), "in", kmh == null ? null : (double) Math.round(kmh));
        } else {
            read = new IncomingRead(uuid(rng), cameraId, plate, country, confidence, stamp, lat, lon, null, null);
        }
        return new GeneratedRead(time, read, v, tripId);
    }

    /** A read the camera got right and is sure of: the demo's opening clone must not hinge on OCR luck. */
    private GeneratedRead sure(String cameraId, Vehicle v, Instant at, long tripId, RandomGenerator rng) {
        IncomingRead r = read(cameraId, v, at, null, tripId, rng, null).read();
        return new GeneratedRead(at.truncatedTo(ChronoUnit.MILLIS), new IncomingRead(r.id(), r.camera(), v.wirePlate(), v.country(), 0.97,
                r.time(), r.lat(), r.lon(), null, null, r.make(), r.model(), r.colour(), r.vehicleType(), r.direction(), r.speed()), v, tripId);
    }

    /**
     * The two fixed describing cameras farthest apart (null when the region has fewer than two), leaving out the first
     * two, which deliver through the demo's connectors ({@link DemoConnector}, {@link DemoBlueIris}) in formats of
     * their own.
     */
    private static Map.Entry<String, String> farthestDescribing(DemoRegion region) {
        List<Camera> describing = region.cameras().stream().skip(2)
                .filter(c -> c.type() == Camera.CameraType.FIXED && describes(c.id())).toList();
        Map.Entry<String, String> best = null;
        double most = -1;
        for (Camera a : describing)
            for (Camera b : describing) {
                double d = Math.hypot(a.lat() - b.lat(), (a.lon() - b.lon()) * Math.cos(Math.toRadians(a.lat())));
                if (d > most) {
                    most = d;
                    best = Map.entry(a.id(), b.id());
                }
            }
        return most > 0 ? best : null;
    }

    /** About half the demo cameras are of a kind that also reports the vehicle's make, colour, type and speed. */
    private static boolean describes(String cameraId) {
        return (cameraId.hashCode() & 1) == 0;
    }

    /** A version 4 UUID from the seeded stream, so ids repeat with the seed too. */
    private static UUID uuid(RandomGenerator rng) {
        long msb = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** A vehicle free to be seen at {@code t}; if the region is saturated, accept a busy one rather than drop traffic. */
    private Vehicle pickRoamer(Instant t, RandomGenerator rng) {
        long now = t.toEpochMilli();
        Vehicle v = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            v = roamers.get(rng.nextInt(roamers.size()));
            if (busyUntilMillis[v.id()] <= now) break;
        }
        return v;
    }

    private void markBusy(Vehicle v, Instant lastSeen) {
        busyUntilMillis[v.id()] = Math.max(busyUntilMillis[v.id()], lastSeen.plus(TURNAROUND).toEpochMilli());
    }

    private static Instant afterExponential(Instant t, double ratePerSecond, RandomGenerator rng) {
        double seconds = -Math.log(1 - rng.nextDouble()) / ratePerSecond;
        return t.plusNanos((long) (seconds * 1e9));
    }

    /** Something that makes reads at moments of its own choosing; the simulation fires the earliest one first. */
    private interface Source {
        void begin(Instant start);

        Instant next();

        void fire();
    }

    /**
     * Trip departures as a Poisson process whose rate follows the day profile (sampled by thinning), scaled so
     * that trips, commuters and mobile cameras together average the requested reads per second.
     */
    private final class TripDepartures implements Source {
        private final RandomGenerator rng;
        private final double meanRate;
        private final double peakRate;
        private Instant next;

        TripDepartures(RandomGenerator rng) {
            this.rng = rng;
            this.meanRate = readsPerSecond * tripReadShare / roads.meanCamerasPerTrip();
            this.peakRate = meanRate * profile.max();
        }

        @Override
        public void begin(Instant start) {
            next = start;
            advance();
        }

        @Override
        public Instant next() {
            return next;
        }

        @Override
        public void fire() {
            Vehicle v = pickRoamer(next, rng);
            Instant arrival = drive(++lastTripId, v, roads.randomRoute(rng), next, rng);
            markBusy(v, arrival);
            advance();
        }

        private void advance() {
            do {
                next = afterExponential(next, peakRate, rng);
            } while (rng.nextDouble() * peakRate > meanRate * profile.at(next));
        }
    }

    /**
     * Something that happens now and then: at exponential intervals of {@code minutes} on average, each measured from
     * when the last happening let go (its own time, or later when it keeps a vehicle busy).
     */
    private abstract class Occasional implements Source {
        final RandomGenerator rng;
        private final double ratePerSecond;
        private Instant next;

        Occasional(RandomGenerator rng, double minutes) {
            this.rng = rng;
            this.ratePerSecond = 1.0 / (minutes * 60);
        }

        /** Makes it happen at {@code at}; returns when the wait for the next one starts. */
        abstract Instant happen(Instant at);

        /** When it first happens after the simulation starts at {@code start}. */
        Instant first(Instant start) {
            return afterExponential(start, ratePerSecond, rng);
        }

        @Override
        public void begin(Instant start) {
            next = first(start);
        }

        @Override
        public Instant next() {
            return next;
        }

        @Override
        public void fire() {
            next = afterExponential(happen(next), ratePerSecond, rng);
        }
    }

    /**
     * Now and then (every {@value #SPEEDER_MINUTES} minutes on average) a driver races through the demo's section speed
     * control ({@link DemoSections}) at 95 to 125 km/h where the limit is 80: ordinary traffic on that road stays
     * below it, so each violation the section finds is one of these.
     */
    private final class Speeders extends Occasional {
        Speeders(RandomGenerator rng) {
            super(rng, SPEEDER_MINUTES);
        }

        @Override
        Instant happen(Instant at) {
            Vehicle v = pickRoamer(at, rng);
            double kmh = 95 + rng.nextDouble() * 30;
            Instant arrival = driveAt(++lastTripId, v, List.of(DemoSections.ENTRY, DemoSections.EXIT), at, rng, kmh);
            markBusy(v, arrival);
            return at;
        }
    }

    /**
     * Now and then a car hops between the demo's car parks ({@link DemoProfiles}): it pulls into each for 4 to 14 minutes
     * (the camera sees it in and out) and drives 8 to 18 minutes to the next, so the "Carpoolhopper" profile finds it.
     */
    private final class Hopper extends Occasional {
        Hopper(RandomGenerator rng) {
            super(rng, HOPPER_MINUTES);
        }

        @Override
        Instant happen(Instant at) {
            Vehicle v = pickRoamer(at, rng);
            Instant t = at;
            for (String camera : DemoProfiles.PLACES.keySet()) {
                drive(++lastTripId, v, List.of(camera), t, rng);
                t = t.plusSeconds(240 + rng.nextInt(600));
                drive(++lastTripId, v, List.of(camera), t, rng);
                t = t.plusSeconds(480 + rng.nextInt(600));
            }
            markBusy(v, t);
            return at;
        }
    }

    /**
     * The genuine vehicle and the one with its cloned plate take turns: the genuine one drives a trip, a few minutes after
     * it arrives the clone sets off elsewhere, and after a turnaround the genuine one again. The genuine trip ends and
     * the clone's starts at a camera that describes vehicles, so that the pipeline sees two different vehicles under one
     * plate within minutes, about once an hour.
     *
     * <p>The first time is an opening move within {@link #FIRST_CLONE} of the start (the end of the warm-up, when the
     * demo's reads begin to flow): the genuine vehicle passes one describing camera and the clone, a minute or so
     * later, the describing camera farthest from it, both read right and surely, so that whoever opens the live page
     * in the demo's first minutes sees a clone alert arrive, whatever the seed.
     */
    private final class ClonedPlate extends Occasional {
        private boolean opened;

        ClonedPlate(RandomGenerator rng) {
            super(rng, CLONE_TRIP_MINUTES);
        }

        @Override
        Instant first(Instant start) {
            opened = false;
            return start.plus(WARM_UP).plusSeconds(20 + rng.nextInt(40));
        }

        @Override
        Instant happen(Instant at) {
            if (!opened && opening != null) {
                opened = true;
                pending.add(sure(opening.getKey(), genuine, at, ++lastTripId, rng));
                Instant cloneSeen = at.plusSeconds(50 + rng.nextInt(40));
                pending.add(sure(opening.getValue(), clonedPlate, cloneSeen, ++lastTripId, rng));
                markBusy(genuine, cloneSeen);
                return cloneSeen.plus(TURNAROUND);
            }
            Instant arrived = drive(++lastTripId, genuine, route(rng, false), at, rng);
            Instant clonePart = arrived.plusSeconds(120 + rng.nextInt(480));
            Instant cloneArrived = drive(++lastTripId, clonedPlate, route(rng, true), clonePart, rng);
            return cloneArrived.plus(TURNAROUND);
        }

        /** A random route whose first (or last) camera describes vehicles, if one comes up in a few tries. */
        private List<String> route(RandomGenerator rng, boolean firstDescribes) {
            List<String> route = roads.randomRoute(rng);
            for (int i = 0; i < 10 && !describes(firstDescribes ? route.getFirst() : route.getLast()); i++) route = roads.randomRoute(rng);
            return route;
        }
    }

    /**
     * The burglar: every 20 minutes on average ({@link #BURGLAR_DRIVE} plus {@value #BURGLAR_MINUTES} minutes) it passes
     * the next of the {@link #BURGLARY_SCENES}, so that it is present at all three within an hour or so, and at each
     * again and again.
     */
    private final class Burglar extends Occasional {
        private int visit;

        Burglar(RandomGenerator rng) {
            super(rng, BURGLAR_MINUTES);
        }

        @Override
        Instant happen(Instant at) {
            pending.add(read(BURGLARY_SCENES.get(visit++ % BURGLARY_SCENES.size()), burglar, at, null, ++lastTripId, rng, null));
            return at.plus(BURGLAR_DRIVE);
        }
    }

    /** A mobile camera reading the vehicles it meets, at a steady rate while its crew is on duty. */
    private final class PatrolSightings implements Source {
        private final PatrolRoute route;
        private final Camera camera;
        private final RandomGenerator rng;
        private final double rate;
        private Instant next;

        PatrolSightings(PatrolRoute route, RandomGenerator rng) {
            this.route = route;
            this.camera = region.camera(route.cameraId());
            this.rng = rng;
            this.rate = readsPerSecond * route.shareOfReads() * 24 / route.dutyHoursPerDay();
        }

        @Override
        public void begin(Instant start) {
            next = start;
            advance();
        }

        @Override
        public Instant next() {
            return next;
        }

        @Override
        public void fire() {
            Vehicle v = pickRoamer(next, rng);
            pending.add(read(camera.id(), v, next, route.positionAt(next), 0, rng, null));
            markBusy(v, next);
            advance();
        }

        private void advance() {
            next = afterExponential(next, rate, rng);
            while (!route.onDuty(next.atZone(ZONE).toLocalTime())) {
                next = afterExponential(nextShiftStart(next), rate, rng);
            }
        }

        private Instant nextShiftStart(Instant after) {
            ZonedDateTime local = after.atZone(ZONE);
            ZonedDateTime start = local.toLocalDate().atTime(route.onDutyFrom()).atZone(ZONE);
            return (start.isAfter(local) ? start : start.plusDays(1)).toInstant();
        }
    }

    /** At each local midnight, plans every commuter's two journeys of the coming day. */
    private final class CommuteDays implements Source {
        private final RandomGenerator rng;
        private Instant next;

        CommuteDays(RandomGenerator rng) {
            this.rng = rng;
        }

        @Override
        public void begin(Instant start) {
            LocalDate day = start.atZone(ZONE).toLocalDate();
            plan(day);
            next = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        }

        @Override
        public Instant next() {
            return next;
        }

        @Override
        public void fire() {
            LocalDate day = next.atZone(ZONE).toLocalDate();
            plan(day);
            next = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        }

        private void plan(LocalDate day) {
            for (Commuter c : commuters) {
                // People leave within minutes of their usual time, not to the second.
                drive(++lastTripId, c.vehicle(), c.morningRoute(), departure(day, c.morningDeparture()), rng);
                drive(++lastTripId, c.vehicle(), c.eveningRoute(), departure(day, c.eveningDeparture()), rng);
            }
        }

        private Instant departure(LocalDate day, LocalTime usual) {
            long jitterSeconds = Math.round(rng.nextGaussian() * 8 * 60);
            return day.atTime(usual).atZone(ZONE).toInstant().plusSeconds(jitterSeconds);
        }
    }
}
