package helen.data;

/**
 * A mini-batch read from an encoded split. {@code ids} is row-major [size × width]; arrays are
 * reused by the iterator that produced the batch, so copy what must outlive the next batch.
 */
public final class Batch {
    public final int width;
    public final int[] ids;
    public final float[] labels;
    public int size;

    public Batch(int capacity, int width) {
        this.width = width;
        this.ids = new int[capacity * width];
        this.labels = new float[capacity];
    }
}
