package helen.examples;

import helen.data.EncodedDataset;
import helen.hessian.EmbeddingHessian;
import helen.hessian.RowResult;
import helen.hessian.TableCurvature;
import helen.hessian.operator.AnalysisSet;
import helen.model.CtrModel;
import helen.train.RunDirectory;

import java.nio.file.Path;

/**
 * Measures the Hessian of one field's embedding rows in a trained run and prints its ten sharpest
 * rows with their tokens.
 * <pre>
 * java -cp target/helen.jar:$(cat target/classpath.txt):target/test-classes helen.examples.SharpestRows runs/example C13
 * </pre>
 */
public final class SharpestRows {
    private SharpestRows() {
    }

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        String field = args.length > 1 ? args[1] : "C13";
        RunDirectory dir = RunDirectory.open(run);
        EncodedDataset data = dir.data();
        CtrModel model = dir.loadBest(data);
        // λ is taken over 4,000 training rows sampled with seed 2024, in batches of 2,000
        AnalysisSet set = AnalysisSet.sample(data.split("train"), 4000, 2024, 2000, model.dtype());
        TableCurvature c = EmbeddingHessian.of(model, data, set).table(field).power(1e-3, 100);
        System.out.printf("%s: %d rows, %d HVPs; the ten sharpest rows seen in the analysis set:%n", field,
                c.rows().size(), c.hvps());
        for (RowResult r : c.sharpest(10)) {
            System.out.println("  " + r);
        }
    }
}
