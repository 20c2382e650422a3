package helen.data;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in preset parses and encodes a hand-written three-row file in its format; the tokens
 * read back are the ones worked out by hand here (Criteo's floor(ln(v)²) buckets, Avazu's hour,
 * weekday and weekend from YYMMDDHH, Taobao's '^' histories in the ad tables). With the preset's own
 * min_count (10 or 2), three rows leave every token out of the vocabulary.
 */
class PresetsTest {
    @TempDir
    Path dir;

    static final String CRITEO_HEADER = "Label," + join("I", 13) + "," + join("C", 26);
    // I1 5 -> floor(ln(5)^2) = floor(2.590) = 2; 1000 -> floor(47.717) = 47; 2.5 -> floor(0.840) = 0;
    // I2: 0 -> 0, missing -> its own token "", -1 -> -1 (int truncation); I3: 3 -> floor(1.207) = 1
    static final String[][] CRITEO_ROWS = {
            {"1", "5", "0", "3", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "a"},
            {"0", "1000", "", "3", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "b"},
            {"1", "2.5", "-1", "3", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "a"}};
    /** A missing integer is 0 before bucketing (FuxiCTR's na_value), or its own token "" in criteo_x4_na_token. */
    static Map<String, List<String>> criteoExpected(String missing) {
        return Map.of("I1", List.of("2", "47", "0"), "I2", List.of("0", missing, "-1"), "I3", List.of("1", "1", "1"),
                "C1", List.of("a", "b", "a"), "C26", List.of("z", "z", "z"));
    }

    static String join(String prefix, int n) {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            s.add(prefix + i);
        }
        return String.join(",", s);
    }

    static String criteoLine(String[] r, String sep) {
        List<String> cells = new ArrayList<>(List.of(r).subList(0, 14));
        cells.add(r[14]);
        cells.addAll(Collections.nCopies(25, "z"));
        return String.join(sep, cells);
    }

    @ParameterizedTest
    @ValueSource(strings = {"criteo_x4", "criteo_raw", "criteo_x4_na_token"})
    void criteoPresetsBucketTheIntegersAsBarsDoes(String preset) throws Exception {
        boolean raw = preset.equals("criteo_raw");
        StringBuilder f = new StringBuilder(raw ? "" : CRITEO_HEADER + "\n");
        for (String[] r : CRITEO_ROWS) {
            f.append(criteoLine(r, raw ? "\t" : ",")).append('\n');
        }
        EncodedDataset d = encode(preset, f.toString(), 1);
        assertEquals(39, d.fields().size());
        assertEquals(2, d.positives("train"));
        assertDecodes(d, criteoExpected(preset.equals("criteo_x4_na_token") ? "" : "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"avazu_x4", "avazu_raw"})
    void avazuPresetsDropIdAndSplitTheHour(String preset) throws Exception {
        String header = "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,"
                + "device_id,device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21";
        // 2014-10-21 is a Tuesday (weekday 1), 2014-10-25 a Saturday (5), 2014-10-26 a Sunday (6)
        String rest = ",1005,0,s1,d1,c1,a1,ad1,ac1,dev1,ip1,m1,1,0,15706,320,50,1722,0,35,-1,79";
        String csv = header + "\n" + "1000009418151094273,0,14102100" + rest + "\n"
                + "10000169349117863715,1,14102523" + rest.replace("s1", "s2") + "\n"
                + "10000371904215119486,0,14102612" + rest + "\n";
        EncodedDataset d = encode(preset, csv, 1);
        assertEquals(24, d.fields().size(), "id dropped; hour → hour, weekday, weekend");
        assertTrue(d.fields().stream().noneMatch(x -> x.name().equals("id")));
        assertDecodes(d, Map.of("hour", List.of("00", "23", "12"), "weekday", List.of("1", "5", "6"),
                "weekend", List.of("0", "1", "1"), "site_id", List.of("s1", "s2", "s1"), "C21", List.of("79", "79", "79")));
    }

    /**
     * The official Helen code's Avazu (conf/data/Avazu.yaml): hour of day, the 15 categorical columns it lists and
     * weekday, in that order; C1, banner_pos, device_type, device_conn_type, C15, C16 and weekend are not read.
     */
    @Test
    void avazuAsTheOfficialCodeReadsItHasSeventeenFields() throws Exception {
        String header = "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,"
                + "device_id,device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21";
        String rest = ",1005,0,s1,d1,c1,a1,ad1,ac1,dev1,ip1,m1,1,0,15706,320,50,1722,0,35,-1,79";
        String csv = header + "\n" + "1000009418151094273,0,14102100" + rest + "\n" + "10000169349117863715,1,14102523"
                + rest.replace("s1", "s2") + "\n" + "10000371904215119486,0,14102612" + rest + "\n";
        EncodedDataset d = encode("avazu_x4_official", csv, 1);
        assertEquals(List.of("hour", "site_id", "site_domain", "site_category", "app_id", "app_domain", "app_category", "device_id",
                "device_ip", "device_model", "C14", "C17", "C18", "C19", "C20", "C21", "weekday"),
                d.fields().stream().map(EncodedField::name).toList());
        assertEquals(2, Presets.builtIn("avazu_x4_official").minCount());
        assertDecodes(d, Map.of("hour", List.of("00", "23", "12"), "weekday", List.of("1", "5", "6"),
                "site_id", List.of("s1", "s2", "s1"), "C14", List.of("15706", "15706", "15706")));
    }

    @Test
    void taobaoPresetReadsHistoriesIntoTheAdTables() throws Exception {
        String header = "clk,userid,cms_segid,cms_group_id,final_gender_code,age_level,pvalue_level,shopping_level,occupation,"
                + "new_user_class_level,adgroup_id,cate_id,campaign_id,customer,brand,pid,btag,price,cate_his,brand_his,btag_his";
        String csv = header + "\n"
                + "0,u1,0,1,1,2,1,3,0,2,ad1,c7,cp1,cu1,b1,p1,pv,5,c7^c8,b1,pv^pv^buy\n"
                + "1,u2,0,1,2,3,2,3,0,2,ad2,c8,cp2,cu2,b2,p1,pv,1000,,b1^b2,cart\n"
                + "0,u1,0,1,1,2,1,3,0,2,ad1,c7,cp1,cu1,b1,p2,pv,2.5,c9,,pv\n";
        EncodedDataset d = encode("taobaoad_x1", csv, 1);
        assertEquals(20, d.fields().size());
        EncodedField catHis = d.fields().stream().filter(x -> x.name().equals("cate_his")).findFirst().orElseThrow();
        EncodedField cateId = d.fields().stream().filter(x -> x.name().equals("cate_id")).findFirst().orElseThrow();
        assertEquals(cateId.tableIndex(), catHis.tableIndex(), "cate_his embeds in cate_id's table");
        assertEquals(50, catHis.width());
        assertDecodes(d, Map.of("cate_id", List.of("c7", "c8", "c7"), "price", List.of("2", "47", "0"),
                "cate_his", List.of("c7 c8", "", "c9"), "brand_his", List.of("b1", "b1 b2", ""),
                "btag_his", List.of("pv pv buy", "cart", "pv")));
        // N counts history occurrences in the shared table: c7 twice as cate_id + once in a history
        List<String> tokens = d.tokens(cateId.tableIndex());
        assertEquals(3, d.tableFrequencies(cateId.tableIndex())[tokens.indexOf("c7")]);
        assertEquals(2, d.tableFrequencies(cateId.tableIndex())[tokens.indexOf("c8")]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"criteo_x4", "avazu_x4", "taobaoad_x1"})
    void thePresetsOwnMinCountLeavesThreeRowsOutOfTheVocabulary(String preset) throws Exception {
        String csv = switch (preset) {
            case "criteo_x4" -> CRITEO_HEADER + "\n" + criteoLine(CRITEO_ROWS[0], ",") + "\n" + criteoLine(CRITEO_ROWS[1], ",") + "\n";
            case "avazu_x4" -> "id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,"
                    + "device_id,device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21\n"
                    + "1,0,14102100,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u\n";
            default -> "clk,userid,cms_segid,cms_group_id,final_gender_code,age_level,pvalue_level,shopping_level,occupation,"
                    + "new_user_class_level,adgroup_id,cate_id,campaign_id,customer,brand,pid,btag,price,cate_his,brand_his,btag_his\n"
                    + "0,u1,0,1,1,2,1,3,0,2,ad1,c7,cp1,cu1,b1,p1,pv,5,c7^c8,b1,pv\n";
        };
        EncodedDataset d = encode(preset, csv, null);
        for (EncodedField f : d.fields()) {
            for (String token : decode(d, f, 0)) {
                assertEquals("<oov>", token, preset + " " + f.name());
            }
        }
    }

    /** Encodes {@code csv} with the preset, every row in the training split; min_count overridden unless null. */
    EncodedDataset encode(String preset, String csv, Integer minCount) throws Exception {
        Path f = dir.resolve(preset + ".csv");
        Files.writeString(f, csv);
        DatasetSpec s = Presets.builtIn(preset);
        if (minCount != null) {
            s = new DatasetSpec(s.name(), s.delimiter(), s.header(), s.columns(), s.label(), minCount, s.split(), s.features(),
                    s.emptyFieldsAllowed());
        }
        return new Encoder(s, new DataSources(List.of(f), null, null, true), new PrintStream(new ByteArrayOutputStream()))
                .encode(dir.resolve("cache_" + preset + "_" + minCount), false);
    }

    static void assertDecodes(EncodedDataset d, Map<String, List<String>> expected) {
        Map<String, EncodedField> byName = new LinkedHashMap<>();
        d.fields().forEach(f -> byName.put(f.name(), f));
        assertEquals(3, d.rows("train"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            EncodedField f = byName.get(e.getKey());
            for (int row = 0; row < 3; row++) {
                assertEquals(e.getValue().get(row), String.join(" ", decode(d, f, row)), e.getKey() + ", row " + row);
            }
        }
    }

    /** The tokens of field f in a training row (padding left out). */
    static List<String> decode(EncodedDataset d, EncodedField f, int row) {
        int[] ids = new int[d.rowWidth()];
        d.split("train").readRow(row, ids, 0);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < f.width(); k++) {
            int id = ids[f.offset() + k];
            if (!(f.multiHot() && id == Vocabulary.PAD)) {
                out.add(d.tokens(f.tableIndex()).get(id));
            }
        }
        return out;
    }
}
