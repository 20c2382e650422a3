package helen.data;

import helen.util.HelenException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of each split. With only training files and a spec whose split has valid/test
 * shares, the training files are cut row by row ({@link SplitSpec}); {@code noSplit} keeps
 * every row in train (for statistics over whole files).
 */
public record DataSources(List<Path> train, List<Path> valid, List<Path> test, boolean noSplit) {
    public DataSources {
        train = List.copyOf(train);
        valid = valid == null ? List.of() : List.copyOf(valid);
        test = test == null ? List.of() : List.copyOf(test);
        if (train.isEmpty()) {
            throw new HelenException("no training file given");
        }
        for (Path p : all(train, valid, test)) {
            if (!Files.isRegularFile(p)) {
                throw new HelenException("data file not found: " + p);
            }
        }
    }

    /** Whether the training files are cut into train/valid/test by the spec's split. */
    public boolean splitsTrainFiles(DatasetSpec spec) {
        return !noSplit && valid.isEmpty() && test.isEmpty() && (spec.split().valid() > 0 || spec.split().test() > 0);
    }

    public List<Path> files(int split) {
        return split == 0 ? train : split == 1 ? valid : test;
    }

    public List<Path> all() {
        return all(train, valid, test);
    }

    private static List<Path> all(List<Path> a, List<Path> b, List<Path> c) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }
}
