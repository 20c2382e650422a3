package helen.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one line a CUDA build prints when a runtime library is missing names that library, from JavaCPP's causes. */
class NativeLibrariesTest {
    @Test
    void theMissingLibraryIsFoundInTheCauses() {
        // as JavaCPP 1.5.13 threw it on a machine without CUDA's libraries (the GPU build, helen train --device cuda)
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("/c/pytorch-2.10.0-1.5.13-linux-x86_64-gpu.jar/org/bytedeco/pytorch/"
                + "linux-x86_64-gpu/libjnitorch.so: libcupti.so.13: cannot open shared object file: No such file or directory");
        UnsatisfiedLinkError top = new UnsatisfiedLinkError("no jnitorch in java.library.path: /usr/java/packages/lib:/usr/lib");
        top.initCause(cause);
        assertEquals("libcupti.so.13", NativeLibraries.missingLibrary(top));
        assertEquals("libcudnn.so.9", NativeLibraries.missingLibrary(new UnsatisfiedLinkError(
                "libcudnn.so.9: cannot open shared object file: No such file or directory")));
        assertNull(NativeLibraries.missingLibrary(new UnsatisfiedLinkError("no jnitorch in java.library.path")));
    }
}
