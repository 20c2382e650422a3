package helen.train;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Base64;

/**
 * libtorch's CPU random generator (dropout masks) as text for state.json: a run stopped inside an epoch
 * resumes with the generator where it was, so that its masks, and so its numbers, are the uninterrupted run's.
 */
final class GeneratorState {
    private GeneratorState() {
    }

    /** The default CPU generator's state, base64. */
    static String save() {
        try (Tensor t = torch.getDefaultCPUGenerator().get_state()) {
            byte[] b = new byte[(int) t.numel()];
            new BytePointer(t.data_ptr_byte()).get(b);
            return Base64.getEncoder().encodeToString(b);
        }
    }

    /** Sets the default CPU generator to a state {@link #save} returned. */
    static void restore(String saved) {
        byte[] b = Base64.getDecoder().decode(saved);
        try (Tensor f = torch.empty(b.length); Tensor t = f.to(torch.ScalarType.Byte)) {
            new BytePointer(t.data_ptr_byte()).put(b);
            torch.getDefaultCPUGenerator().set_state(t);
        }
    }
}
