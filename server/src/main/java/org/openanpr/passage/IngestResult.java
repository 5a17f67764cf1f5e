package org.openanpr.passage;

import java.util.List;
import java.util.UUID;

/** The answer to one ingest request: every item with its fate, rejections with their reason. */
public record IngestResult(int accepted, int duplicates, int rejected, List<ItemResult> items) {

    public enum Status { accepted, duplicate, rejected }

    public record ItemResult(int index, UUID id, Status status, String reason) {
    }

    static IngestResult of(List<ItemResult> items) {
        int a = 0, d = 0, r = 0;
        for (ItemResult i : items) {
            switch (i.status()) {
                case accepted -> a++;
                case duplicate -> d++;
                case rejected -> r++;
            }
        }
        return new IngestResult(a, d, r, items);
    }
}
