package helen.report;

import com.fasterxml.jackson.databind.JsonNode;
import helen.results.RepeatFiles;
import helen.results.SpectrumFile;
import helen.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures {@code helen analyze} leaves beside an analysis, drawn from the files it wrote (the
 * analysis itself draws nothing): {@code spectrum_density.png} from each spectrum.json, and for an
 * analysis repeated on several sets {@code spectrum_density_repeats.png}, every set's density together
 * (their spread over sets and probes, at a glance).
 */
public final class AnalysisFigures {
    private AnalysisFigures() {
    }

    /** Draws the figures of the analysis in {@code analysisDir} (and of its repeats); nothing where it has no spectrum. */
    public static void draw(Path analysisDir) {
        List<Path> dirs = new ArrayList<>(List.of(analysisDir));
        JsonNode repeats = Json.read(analysisDir.resolve("analysis.json"), JsonNode.class).path("repeats");
        repeats.path("seeds").forEach(seed -> {
            Path d = RepeatFiles.repeatDir(analysisDir, seed.asLong());
            if (Files.isDirectory(d)) { // the first seed's analysis is analysisDir itself
                dirs.add(d);
            }
        });
        List<JsonNode> spectra = new ArrayList<>();
        for (Path d : dirs) {
            Path file = d.resolve(SpectrumFile.FILE);
            if (Files.isRegularFile(file)) {
                JsonNode sp = Json.read(file, JsonNode.class);
                spectra.add(sp);
                Figures.spectralDensity(List.of(sp), List.of(Path.of(sp.path("run").asText()).getFileName().toString()),
                        d.resolve("spectrum_density.png"));
            }
        }
        if (dirs.size() > 1 && spectra.size() == dirs.size()) {
            Figures.spectralDensity(spectra, spectra.stream().map(s -> "seed " + s.path("seed").asLong()).toList(),
                    analysisDir.resolve("spectrum_density_repeats.png"));
        }
    }
}
