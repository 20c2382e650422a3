package helen.data;

/** 64-bit hashes of token bytes: the vocabulary counts hashes, not strings, to stay small at Criteo scale. */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** FNV-1a over bytes[from, to), finished with a mixer so that near-identical tokens spread out. */
    public static long hash(byte[] bytes, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h ^= bytes[i] & 0xff;
            h *= FNV_PRIME;
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
