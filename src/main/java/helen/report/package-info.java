/**
 * Reports: the paper's tables (CSV + Markdown) and figures (XChart PNG) rendered from saved runs and
 * analyses, and the per-field sharpness report; reads what train, analysis and grid wrote (through {@code helen.results}), never recomputes it.
 * Depends on {@code helen.data}, {@code helen.model}, {@code helen.optim}, {@code helen.results}, {@code helen.stats}, {@code helen.util}.
 */
package helen.report;
