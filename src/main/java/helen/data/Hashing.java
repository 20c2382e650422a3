package helen.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** 64-bit hashes of token bytes: the vocabulary counts hashes, not strings, to stay small at Criteo scale. */
public final class Hashing {
    private static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Hashing() {
    }

    /**
     * Hash of bytes[from, to): eight bytes at a time (a multiply-rotate round per word, the tail
     * bytes packed into one last word, the length mixed in), finished with SplitMix64's mixer.
     * Word-at-a-time because hashing every field of every row is the encoder's hot loop.
     */
    public static long hash(byte[] bytes, int from, int to) {
        long h = SEED ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(bytes, i) * PRIME), 29) * PRIME;
        }
        if (i < to) {
            long tail = 0;
            for (int k = 0; i < to; i++, k += 8) {
                tail |= (bytes[i] & 0xffL) << k;
            }
            h = Long.rotateLeft(h ^ (tail * PRIME), 29) * PRIME;
        }
        return mix64(h);
    }

    public static long hash(String token) {
        byte[] b = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return hash(b, 0, b.length);
    }

    /** SplitMix64's finaliser. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
