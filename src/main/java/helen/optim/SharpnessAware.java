package helen.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import helen.data.Batch;
import helen.model.ModelParameter;
import helen.tensor.Tensors;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * The two-pass scheme shared by SAM, ASAM and Helen: gradient at w, ascent w + ε, gradient at
 * w + ε, restore w exactly (the weights at w themselves, not w + ε − ε, so ρ = 0 reproduces the
 * base optimizer bit for bit), then the base optimizer steps with the second gradient. Works on
 * whole parameter tensors ({@link ParameterLeaf}), each with one buffer kept across steps, or, for
 * the table leaves of an unregularised model, on the rows the batch looks up ({@link PresentRows}:
 * the gradient, so ε, is zero on every other row).
 */
public final class SharpnessAware implements TrainingOptimizer {
    private final String name;
    private final GradientOptimizer base;
    private final List<ParameterLeaf> leaves;
    private final Perturbation perturbation;
    private final PresentRows presentRows;
    /** Per perturbed leaf: the buffer its w + ε is written into. */
    private final Tensor[] ascended;
    /** Per unperturbed leaf of the official Helen: its gradient at w, the one it steps with. */
    private final Tensor[] keptGradient;

    public SharpnessAware(String name, GradientOptimizer base, List<ModelParameter> params, Perturbation perturbation) {
        this(name, base, params, perturbation, null);
    }

    /**
     * @param presentRows the rows each batch looks up in the table leaves: the perturbation then sees
     *                    views holding those rows ({@link ParameterLeaf#rows}) and the ascent touches
     *                    only them. For rules where a zero gradient row gets ε = 0 and adds nothing to
     *                    a norm (SAM, ASAM, Helen). Null: every leaf whole.
     */
    SharpnessAware(String name, GradientOptimizer base, List<ModelParameter> params, Perturbation perturbation,
                   PresentRows presentRows) {
        this.name = name;
        this.base = base;
        this.leaves = ParameterLeaf.of(params);
        this.perturbation = perturbation;
        this.presentRows = presentRows;
        this.ascended = new Tensor[leaves.size()];
        this.keptGradient = new Tensor[leaves.size()];
        if (presentRows != null && presentRows.leafCount() != leaves.size()) {
            throw new IllegalArgumentException("present rows for " + presentRows.leafCount() + " leaves, the model has " + leaves.size());
        }
    }

    @Override
    public double step(Closure closure, Batch batch) {
        double loss = closure.lossAndGradients();
        int n = leaves.size();
        // A whole leaf perturbed: atW[i] keeps its weights at w (their storage) while w + ε, written
        // into a buffer, is swapped in; a leaf perturbed on some rows: rows[i], whose weights at w are
        // in views[i]. Swapping storage instead of saving and copying back saves two passes over every
        // perturbed weight (four of SAM's eight), and the restore is exact by construction.
        Tensor[] atW = new Tensor[n];
        Tensor[] rows = new Tensor[n];
        boolean[] rowsPerturbed = new boolean[n];
        boolean[] gradientKept = new boolean[n];
        List<ParameterLeaf> views = new ArrayList<>(leaves);
        try {
            try (NoGradGuard g = new NoGradGuard()) {
                int[][] present = presentRows == null ? new int[n][] : presentRows.rows(batch);
                for (int i = 0; i < n; i++) {
                    if (present[i] != null) {
                        rows[i] = indexOf(present, rows, i);
                        views.set(i, leaves.get(i).rows(present[i], rows[i]));
                    }
                }
                List<Ascent> eps = perturbation.epsilon(views, batch);
                for (int i = 0; i < n; i++) {
                    Tensor w = leaves.get(i).tensor();
                    if (eps.get(i) == null) {
                        if (perturbation.unperturbedStepAtW() && leaves.get(i).grad() != null) {
                            keepGradient(i, leaves.get(i).grad());
                            gradientKept[i] = true;
                        }
                    } else if (rows[i] != null) {
                        eps.get(i).addToRows(w, rows[i]);
                        rowsPerturbed[i] = true;
                    } else {
                        Tensor ascended = eps.get(i).sumInto(w, ascendedBuffer(i, w));
                        atW[i] = w.detach();
                        w.set_data(ascended);
                    }
                }
            }
            // A leaf that steps with its gradient at w needs none at w + ε: without requires_grad
            // the second backward skips its weight-gradient GEMMs (official Helen: the whole MLP's).
            setRequiresGrad(gradientKept, false);
            closure.lossAndGradients();
        } finally {
            setRequiresGrad(gradientKept, true);
            restore(atW, rows, rowsPerturbed, views);
        }
        for (int i = 0; i < n; i++) {
            if (gradientKept[i]) {
                // the buffer becomes the gradient (the next step's zero_grad drops it again;
                // with no gradient at w + ε there is none to copy into)
                leaves.get(i).tensor().mutable_grad().put(keptGradient[i]);
            }
        }
        base.update();
        return loss;
    }

    /** Leaf i's row index tensor: the one made for an earlier leaf given the same rows (PresentRows shares them), else a new one. */
    private static Tensor indexOf(int[][] present, Tensor[] rows, int i) {
        for (int j = 0; j < i; j++) {
            if (present[j] == present[i]) {
                return rows[j];
            }
        }
        return Tensors.index(present[i]);
    }

    /** Puts back the weights at w: also when the second pass failed, so that no run keeps w + ε. */
    private void restore(Tensor[] atW, Tensor[] rows, boolean[] rowsPerturbed, List<ParameterLeaf> views) {
        try (NoGradGuard g = new NoGradGuard()) {
            for (int i = 0; i < leaves.size(); i++) {
                if (atW[i] != null) {
                    leaves.get(i).tensor().set_data(atW[i]);
                } else if (rowsPerturbed[i]) {
                    leaves.get(i).tensor().index_copy_(0, rows[i], views.get(i).tensor());
                }
            }
        }
    }

    private void setRequiresGrad(boolean[] which, boolean value) {
        for (int i = 0; i < leaves.size(); i++) {
            if (which[i]) {
                leaves.get(i).tensor().requires_grad_(value);
            }
        }
    }

    /**
     * Leaf i's buffer for w + ε, made once and kept across steps (retained past the step's
     * PointerScope; as large as the leaf, like the base optimizer's moments).
     */
    private Tensor ascendedBuffer(int i, Tensor w) {
        if (ascended[i] == null) {
            ascended[i] = torch.empty_like(w);
            ascended[i].retainReference();
        }
        return ascended[i];
    }

    /** Copies {@code g} into leaf i's gradient buffer (made once, like {@link #ascendedBuffer}). */
    private void keepGradient(int i, Tensor g) {
        if (keptGradient[i] == null) {
            keptGradient[i] = g.detach().clone();
            keptGradient[i].retainReference();
        } else {
            keptGradient[i].copy_(g);
        }
    }

    /** The ascent rule (tests compare it with the definitions computed by hand). */
    Perturbation perturbation() {
        return perturbation;
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public void setLearningRate(double lr) {
        base.setLearningRate(lr);
    }

    @Override
    public void save(OutputArchive archive) {
        base.save(archive);
    }

    @Override
    public void load(InputArchive archive) {
        base.load(archive);
    }

    @Override
    public ObjectNode describe() {
        ObjectNode o = perturbation.describe();
        o.put("name", name);
        o.set("base", base.describe());
        o.put("lr", base.learningRate());
        return o;
    }
}
