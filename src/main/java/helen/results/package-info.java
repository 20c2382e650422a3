/**
 * The results on disk, as the readers see them: the columns and types of an analysis's per_feature.csv
 * and per_field.csv, typed Tablesaw tables of them, and one field's top rows read in one streaming pass.
 * {@code hessian} writes these files; {@code report}, {@code inspect} and Java users read them here.
 * Depends on {@code helen.util}.
 */
package helen.results;
