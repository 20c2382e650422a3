/**
 * The results on disk, as their readers see them: the columns and types of an analysis's per_feature.csv
 * and per_field.csv as typed Tablesaw tables, and one field's top rows read in one streaming pass
 * ({@link helen.results.AnalysisTables}, {@link helen.results.TopFeatureRows}); a run's curvature.csv
 * ({@link helen.results.CurvatureFile}, rows of {@link helen.results.CurvatureMeasurement}); an analysis's
 * spectrum.json ({@link helen.results.SpectrumFile}); a grid directory's layout, plan, recorded data and outcomes
 * ({@link helen.results.GridDirectory}), the selection on validation read from them ({@link helen.results.GridSelection})
 * and its selection.csv ({@link helen.results.SelectionFile});
 * the spread of an analysis repeated on several sets ({@link helen.results.RepeatFiles}, whose intervals
 * are {@code stats}' records); a run's config.resolved.yaml, read-only ({@link helen.results.ResolvedConfigFile}).
 * {@code analysis}, {@code train} and {@code grid} write these files through it; {@code report},
 * {@code inspect} and Java users read them here.
 * Depends on {@code helen.data}, {@code helen.stats}, {@code helen.util}.
 */
package helen.results;
