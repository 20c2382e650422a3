/**
 * Reports: the paper's tables (CSV + Markdown) and figures (XChart PNG) rendered from saved runs and
 * analyses, and the per-field sharpness report. Depends on data, stats, util, and the model and
 * optimizer registries (table rows and columns); reads what train and hessian wrote, never recomputes it.
 */
package helen.report;
