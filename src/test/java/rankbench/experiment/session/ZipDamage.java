package rankbench.experiment.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import rankbench.fuzz.RawZip;

/** Damage at the zip level: truncations at every structure, byte flips, wrong magic, duplicate and hostile entries, lying headers, deflate bombs. */
final class ZipDamage {

    private final FuzzCorpus c;

    ZipDamage(FuzzCorpus c) {
        this.c = c;
    }

    /** Adds every case of this family to the corpus. */
    void addAll() {
        truncations();
        byteFlips();
        wrongMagic();
        duplicates();
        hostileNames();
        lyingHeaders();
        bombs();
    }

    void truncations() {
        RawZip.Layout[] layout = new RawZip.Layout[1];
        byte[] b = RawZip.build(c.rawEntries(), layout);
        RawZip.Layout l = layout[0];
        TreeSet<Integer> cuts = new TreeSet<>();
        List<Integer> marks = new ArrayList<>();
        marks.addAll(l.localHeaders());
        marks.addAll(l.dataStarts());
        marks.addAll(l.centralHeaders());
        marks.add(l.end());
        for (int m : marks) {
            for (int d : new int[] {-1, 0, 1, 4, 14, 26, 30, 46}) {
                cuts.add(m + d);
            }
        }
        for (int i = 0; i < l.dataStarts().size(); i++) {
            int start = l.dataStarts().get(i);
            int next = i + 1 < l.localHeaders().size()
                    ? l.localHeaders().get(i + 1)
                    : l.centralHeaders().get(0);
            cuts.add((start + next) / 2);
            cuts.add(next - 1);
        }
        cuts.add(b.length - 1);
        cuts.add(b.length - 21);
        cuts.add(b.length - 22);
        for (int cut : cuts) {
            if (cut >= 0 && cut < b.length) {
                c.add("truncate-struct", FuzzCorpus.Expect.REFUSE, Arrays.copyOf(b, cut));
            }
        }
        for (int i = 0; i < 200; i++) {
            c.add("truncate-random", FuzzCorpus.Expect.REFUSE, Arrays.copyOf(b, c.rnd.nextInt(b.length)));
        }
    }

    void byteFlips() {
        RawZip.Layout[] layout = new RawZip.Layout[1];
        byte[] b = RawZip.build(c.rawEntries(), layout);
        int jsonIndex = new ArrayList<>(c.entries.keySet()).indexOf(SessionArchive.SESSION_JSON);
        int jsonStart = layout[0].dataStarts().get(jsonIndex);
        int jsonEnd = jsonIndex + 1 < layout[0].localHeaders().size()
                ? layout[0].localHeaders().get(jsonIndex + 1)
                : layout[0].centralHeaders().get(0);
        int cen = layout[0].centralHeaders().get(0);
        for (int i = 0; i < 300; i++) {
            byte[] m = b.clone();
            int flips = 1 + c.rnd.nextInt(3);
            for (int k = 0; k < flips; k++) {
                int pos = switch (i % 3) {
                    case 0 -> c.rnd.nextInt(m.length);
                    case 1 -> jsonStart + c.rnd.nextInt(jsonEnd - jsonStart);
                    default -> cen + c.rnd.nextInt(m.length - cen);
                };
                m[pos] ^= (byte) (1 + c.rnd.nextInt(255));
            }
            c.add("byte-flip", FuzzCorpus.Expect.SAME_OR_REFUSE, m);
        }
    }

    void wrongMagic() {
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, new byte[0]);
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, SessionBytes.utf8("just text"));
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, SessionBytes.utf8("%PDF-1.4\n%...."));
        byte[] emptyZip = new byte[22];
        emptyZip[0] = 'P';
        emptyZip[1] = 'K';
        emptyZip[2] = 5;
        emptyZip[3] = 6;
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, emptyZip);
        c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, RawZip.build(List.of()));
        for (int i = 0; i < 4; i++) {
            byte[] m = c.valid.clone();
            m[i] = (byte) (m[i] ^ 0x20);
            c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, m);
        }
        for (int i = 0; i < 10; i++) {
            byte[] r = new byte[1 + c.rnd.nextInt(2000)];
            c.rnd.nextBytes(r);
            c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, r);
            byte[] pk = new byte[30 + c.rnd.nextInt(2000)];
            c.rnd.nextBytes(pk);
            pk[0] = 'P';
            pk[1] = 'K';
            pk[2] = 3;
            pk[3] = 4;
            c.add("wrong-magic", FuzzCorpus.Expect.REFUSE, pk);
        }
    }

    void duplicates() {
        List<RawZip.Entry> l = c.rawEntries();
        l.add(RawZip.Entry.deflated(SessionArchive.SESSION_JSON, c.entries.get(SessionArchive.SESSION_JSON)));
        c.add("duplicate", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
        for (String w : c.weightNames()) {
            List<RawZip.Entry> d = c.rawEntries();
            d.add(RawZip.Entry.stored(w, c.entries.get(w)));
            c.add("duplicate", FuzzCorpus.Expect.REFUSE, RawZip.build(d));
        }
        String compact = new String(SessionBytes.json(c.tree()), StandardCharsets.UTF_8);
        c.add(
                "duplicate",
                FuzzCorpus.Expect.REFUSE,
                c.withJson(compact.replaceFirst("\"runs\":", "\"runs\":[],\"runs\":")));
        c.add(
                "duplicate",
                FuzzCorpus.Expect.REFUSE,
                c.withJson(compact.replaceFirst("\"kind\":\"compress\"", "\"kind\":\"compress\",\"kind\":\"train\"")));
        c.add(
                "duplicate",
                FuzzCorpus.Expect.REFUSE,
                c.withJson(compact.replaceFirst("\"loss\":", "\"loss\":1.0,\"loss\":")));
    }

    void hostileNames() {
        String[] names = {
            "../session.json",
            "../../etc/passwd",
            "/session.json",
            "/etc/cron.d/x",
            "C:\\x",
            "C:/Windows/x",
            "weights\\..\\x",
            "weights/../session.json",
            "weights/../../x.safetensors",
            "./x",
            "weights/./a",
            "a/../../b",
            "session.json\u0000.txt",
            "Evil.class",
            "META-INF/MANIFEST.MF",
            "weights/",
            "weights/short.safetensors",
            "weights/" + "A".repeat(64) + ".safetensors",
            "session.JSON",
            "x".repeat(5000)
        };
        for (String n : names) {
            List<RawZip.Entry> l = c.rawEntries();
            l.add(RawZip.Entry.stored(n, SessionBytes.utf8("payload")));
            c.add("hostile-name", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
        }
        for (String n : new String[] {"../session.json", "/session.json", "sub/session.json"}) {
            List<RawZip.Entry> l = c.rawEntries();
            l.replaceAll(e -> e.name().equals(SessionArchive.SESSION_JSON) ? e.withName(n) : e);
            c.add("hostile-name", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
        }
    }

    void lyingHeaders() {
        for (String target : c.entries.keySet()) {
            for (long size : new long[] {0xFFFF_FFFFL, 0xFFFF_FFFEL, 3L << 30, 1L << 31}) {
                List<RawZip.Entry> l = c.rawEntries();
                l.replaceAll(e -> e.name().equals(target) ? e.withDeclaredSize(size) : e);
                c.label = target + " size " + size;
                c.add("lying-header", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
            }
            List<RawZip.Entry> cs = c.rawEntries();
            cs.replaceAll(e -> e.name().equals(target)
                    ? new RawZip.Entry(e.name(), e.method(), e.stored(), e.declaredSize(), 0xFFFF_FFF0L, e.crc())
                    : e);
            c.label = target + " compressed size";
            c.add("lying-header", FuzzCorpus.Expect.REFUSE, RawZip.build(cs));
            List<RawZip.Entry> s = c.rawEntries();
            s.replaceAll(e -> e.name().equals(target) ? e.withDeclaredSize(e.declaredSize() - 1) : e);
            c.label = target + " size - 1";
            c.add("lying-header", FuzzCorpus.Expect.REFUSE, RawZip.build(s));
        }
        // an end record claiming a huge central directory or 65 535 c.entries
        byte[] b = c.valid.clone();
        int end = b.length - 22;
        byte[] big = b.clone();
        ByteBuffer.wrap(big, end + 12, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFF0);
        c.label = "END: huge central directory";
        c.add("lying-header", FuzzCorpus.Expect.REFUSE, big);
        byte[] outside = b.clone();
        ByteBuffer.wrap(outside, end + 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        c.label = "END: directory beyond the end of the file";
        c.add("lying-header", FuzzCorpus.Expect.REFUSE, outside);
        byte[] zip64 = b.clone(); // zip64 markers pointing at a zip64 end record that is not there
        ByteBuffer.wrap(zip64, end + 8, 12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) -1)
                .putShort((short) -1)
                .putInt(-1)
                .putInt(-1);
        c.label = "END: zip64 markers without a zip64 record";
        c.add("lying-header", FuzzCorpus.Expect.REFUSE, zip64);
        byte[] many = b.clone();
        ByteBuffer.wrap(many, end + 8, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) -1)
                .putShort((short) -1);
        c.add("lying-header", FuzzCorpus.Expect.SAME_OR_REFUSE, many); // the c.entries themselves are intact
    }

    void bombs() {
        byte[] bomb = RawZip.zeroBomb(2048); // 2 GiB of zeros in about 2 MB
        for (long claim : new long[] {100, 1 << 20, SessionFiles.MAX_JSON_BYTES}) {
            List<RawZip.Entry> l = c.rawEntries();
            l.replaceAll(e -> e.name().equals(SessionArchive.SESSION_JSON)
                    ? new RawZip.Entry(e.name(), 8, bomb, claim, bomb.length, e.crc())
                    : e);
            c.add("inflate-bomb", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
        }
        for (String w : c.weightNames()) {
            List<RawZip.Entry> l = c.rawEntries();
            l.replaceAll(e -> e.name().equals(w)
                    ? new RawZip.Entry(w, 8, bomb, c.entries.get(w).length, bomb.length, e.crc())
                    : e);
            c.add("inflate-bomb", FuzzCorpus.Expect.REFUSE, RawZip.build(l));
        }
        List<RawZip.Entry> extra = c.rawEntries();
        extra.add(new RawZip.Entry("weights/" + "0".repeat(64) + ".safetensors", 8, bomb, 2L << 30, bomb.length, 0));
        c.add("inflate-bomb", FuzzCorpus.Expect.REFUSE, RawZip.build(extra));
    }
}
