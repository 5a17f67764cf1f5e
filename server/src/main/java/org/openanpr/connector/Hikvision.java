package org.openanpr.connector;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hikvision ANPR cameras pushing ISAPI {@code EventNotificationAlert}: multipart with the XML and the plate and
 * scene JPEGs, or the XML alone. Elements are found by their local name, so any namespace (ver10, ver20, none) reads
 * the same. The vendor camera is the device (MAC address, else IP address) and its channel. A {@code heartBeat}
 * event is the camera's health.
 */
public record Hikvision() implements VendorFormat {

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        byte[] xml = null;
        byte[] plateImage = null, sceneImage = null;
        List<String> notes = new ArrayList<>();
        if (payload.isMultipart()) {
            List<byte[]> others = new ArrayList<>();
            for (Multipart.Part part : Multipart.parse(payload)) {
                String name = (part.name() + " " + part.filename()).toLowerCase(Locale.ROOT);
                if (!part.isImage() && xml == null && looksLikeXml(part.body())) xml = part.body();
                else if (part.isImage()) {
                    if (name.contains("plate")) plateImage = Images.checked("licensePlatePicture", part.body(), notes);
                    else if (name.contains("detection") || name.contains("scene") || name.contains("vehicle"))
                        sceneImage = Images.checked("detectionPicture", part.body(), notes);
                    else others.add(part.body());
                }
            }
            if (sceneImage == null && !others.isEmpty()) sceneImage = Images.checked("picture", others.getFirst(), notes);
            if (xml == null) throw new UnreadablePayload("multipart body without an EventNotificationAlert XML part");
        } else {
            xml = payload.body();
        }
        Element root = parse(xml).getDocumentElement();
        if (!"EventNotificationAlert".equals(local(root)))
            throw new UnreadablePayload("expected an EventNotificationAlert, got <" + local(root) + ">");
        String device = first(text(root, "macAddress"), text(root, "ipAddress"), text(root, "ipv6Address"));
        String channel = first(text(root, "channelID"), text(root, "dynChannelID"), "1");
        String camera = device == null ? null : device.toLowerCase(Locale.ROOT) + "/" + channel;
        String type = first(text(root, "eventType"), "");
        String dateTime = text(root, "dateTime");
        Instant time = dateTime == null ? null : Fields.isoTime("dateTime", dateTime);
        if (type.equalsIgnoreCase("heartBeat") || type.equalsIgnoreCase("videoloss")) {
            if (camera == null) throw new UnreadablePayload("heartBeat: no macAddress or ipAddress");
            return new Decoded(List.of(), List.of(new Heartbeat(camera, text(root, "channelName"), time,
                    !type.equalsIgnoreCase("videoloss"))), List.of());
        }
        Element anpr = child(root, "ANPR");
        if (anpr == null) return Decoded.skipped("eventType " + type + ": no ANPR element, no read");
        String plate = Fields.plate(text(anpr, "licensePlate"));
        if (plate == null || plate.equals("UNKNOWN") || plate.equals("无车牌")) return Decoded.skipped("ANPR: no plate recognised");
        if (time == null) throw new UnreadablePayload("dateTime: missing");
        String eventId = first(text(root, "UUID"), text(anpr, "plateSerialNo"));
        eventId = "hikvision/" + camera + "/" + (eventId != null ? eventId : time.toEpochMilli() + "/" + plate);
        Element vehicle = child(anpr, "vehicleInfo");
        Double speed = Fields.number(vehicle == null ? null : text(vehicle, "speed"));
        return Decoded.of(List.of(new VendorRead(camera, eventId, plate, VendorFormat.country(text(anpr, "country")),
                Fields.confidence(Fields.number(text(anpr, "confidenceLevel")), true), time, null, null, plateImage, sceneImage,
                vehicle == null ? null : brand(text(vehicle, "vehicleLogoRecog")), null,
                vehicle == null ? null : VendorFormat.colour(text(vehicle, "color")),
                VendorFormat.bodyType(text(anpr, "vehicleType")), direction(text(anpr, "direction")),
                speed == null || speed <= 0 ? null : speed, null, notes)));
    }

    /** Hikvision sends brands as numbers of its own table; a name only when the camera writes one. */
    private static String brand(String logo) {
        return logo == null || logo.chars().allMatch(Character::isDigit) ? null : logo;
    }

    /** forward: the vehicle drives towards the camera (in); reverse: away from it (out). */
    private static String direction(String d) {
        if (d == null) return null;
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "forward" -> "in";
            case "reverse" -> "out";
            default -> null;
        };
    }

    private static boolean looksLikeXml(byte[] b) {
        String head = Fields.utf8(java.util.Arrays.copyOf(b, Math.min(b.length, 200))).stripLeading();
        return head.startsWith("<");
    }

    private static Document parse(byte[] xml) throws UnreadablePayload {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // A camera's XML never needs a DTD or an external entity; refusing them closes XXE.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            String text = Fields.utf8(xml).strip();
            return b.parse(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (SAXException e) {
            throw new UnreadablePayload("malformed XML: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new UnreadablePayload("unreadable XML: " + e.getMessage());
        }
    }

    private static String local(Node n) {
        String l = n.getLocalName();
        return l != null ? l : n.getNodeName().replaceFirst("^.*:", "");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && name.equalsIgnoreCase(local(e))) return e;
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) return null;
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }
}
