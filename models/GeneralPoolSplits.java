import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the fixed splits of the training pool used to retrain and report the general model
 * (see docs/experiments/general-pool-rule.md), as lists of file names relative to the pool folder:
 * general-pool-report.txt (held out for the report, never trained on, never used for selection),
 * general-pool-val.txt (the selection split) and general-pool-train.txt (what the run trains on).
 * Usage: java models/GeneralPoolSplits.java POOL_DIR [OUT_DIR]   (OUT_DIR defaults to models/)
 */
public class GeneralPoolSplits {
    static final String[] OLD = {"bsds500", "coco128", "imagenet_samples"};
    static final String[] NEW = {"imagenet_det200", "sun_hays80", "ucmerced_aerial", "urban100"};
    static final long SEED = 2815;

    public static void main(String[] args) throws IOException {
        Path pool = Paths.get(args[0]);
        Path out = Paths.get(args.length > 1 ? args[1] : "models");
        // 1. the old model's validation split: ImageSet.split(0.05, seed 1) over the 1,419 photos of the old
        //    folders in path order (how `train --seed 1` drew it); the old model never trained on these
        List<String> oldPool = new ArrayList<>();
        for (String f : OLD) {
            oldPool.addAll(list(pool, f));
        }
        oldPool.sort((a, b) -> Paths.get(a).compareTo(Paths.get(b)));
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < oldPool.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(1L ^ 0x5DEECE66DL));
        List<String> oldVal = new ArrayList<>();
        for (int i : idx.subList(0, Math.round(0.05f * oldPool.size()))) {
            oldVal.add(oldPool.get(i));
        }
        // 2. report set: in the old folders the whole old validation split (71 = 5% of them); in each new folder
        //    5% (at least 10), drawn with SEED
        Random rnd = new Random(SEED);
        List<String> report = new ArrayList<>(oldVal);
        List<String> val = new ArrayList<>();
        List<String> train = new ArrayList<>();
        for (String f : NEW) {
            List<String> files = list(pool, f);
            Collections.shuffle(files, rnd);
            report.addAll(files.subList(0, Math.max(10, Math.round(0.05f * files.size()))));
        }
        // 3. selection split: from what is left of every folder, 4% (at least 6), drawn with SEED;
        //    4. training: the rest (every aerial tile included: see the rule's first later clause)
        for (String f : concat(OLD, NEW)) {
            List<String> rest = list(pool, f);
            rest.removeAll(report);
            Collections.shuffle(rest, rnd);
            int nVal = Math.max(6, Math.round(0.04f * rest.size()));
            val.addAll(rest.subList(0, nVal));
            train.addAll(rest.subList(nVal, rest.size()));
        }
        write(out.resolve("general-pool-report.txt"), report);
        write(out.resolve("general-pool-val.txt"), val);
        write(out.resolve("general-pool-train.txt"), train);
        for (String f : concat(OLD, NEW)) {
            System.out.printf("%-17s %4d files: report %3d, selection %3d, training %4d%n", f, list(pool, f).size(),
                    count(report, f), count(val, f), count(train, f));
        }
        System.out.printf("total: report %d, selection %d, training %d%n", report.size(), val.size(), train.size());
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    static long count(List<String> l, String folder) {
        return l.stream().filter(s -> s.startsWith(folder + "/")).count();
    }

    static List<String> list(Path pool, String folder) throws IOException {
        try (Stream<Path> s = Files.list(pool.resolve(folder))) {
            return s.map(p -> folder + "/" + p.getFileName()).sorted().collect(Collectors.toList());
        }
    }

    static void write(Path file, List<String> names) throws IOException {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort((a, b) -> Paths.get(a).compareTo(Paths.get(b)));
        Files.write(file, sorted);
    }
}
