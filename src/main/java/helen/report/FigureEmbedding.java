package helen.report;

import helen.util.HelenException;

import javax.imageio.ImageIO;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A figure as a {@code data:} URI for a self-contained HTML page. Figures wider than the page shows
 * them are scaled down first (bilinear, aspect kept) and stored as JPEG when that is smaller: the
 * per-field small multiples are drawn at 2,600 px for zooming in the PNG, thousands of antialiased
 * points compress poorly as PNG, and a page of them at full size weighed 15 MB.
 */
final class FigureEmbedding {
    /** The widest a figure is embedded: the page's own width, so nothing is scaled up on an ordinary screen. */
    static final int MAX_WIDTH = 1280;

    private FigureEmbedding() {
    }

    static String dataUri(Path png) {
        try {
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                throw new HelenException(png + ": not an image this report can embed");
            }
            if (image.getWidth() <= MAX_WIDTH) {
                return uri("png", encode(image, "png"));
            }
            BufferedImage shown = scaled(image, MAX_WIDTH);
            byte[] lossless = encode(shown, "png");
            byte[] jpeg = jpeg(shown);
            return lossless.length <= jpeg.length ? uri("png", lossless) : uri("jpeg", jpeg);
        } catch (IOException e) {
            throw new HelenException(png + ": cannot read the figure (" + e.getMessage() + ")");
        }
    }

    private static String uri(String type, byte[] bytes) {
        return "data:image/" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return bytes.toByteArray();
    }

    /** JPEG at quality 0.9: text and lines stay sharp to the eye at the size the page shows them. */
    private static byte[] jpeg(BufferedImage image) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage scaled(BufferedImage image, int width) {
        int height = Math.max(1, (int) Math.round(image.getHeight() * (double) width / image.getWidth()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
